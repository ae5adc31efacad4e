using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC006 fix: the continuation's body takes the place of the awaited chain, with <c>await t</c> where it read the
    /// antecedent's outcome. <c>await t.ContinueWith(x =&gt; f(x.Result))</c> → <c>f(await t)</c>;
    /// <c>await t.ContinueWith(x =&gt; g(x.Result)).Unwrap()</c> → <c>await g(await t)</c>; <c>return t.ContinueWith(..);</c> in a
    /// method that can become async → the method is made async (<see cref="MakeAsync"/>) and the same rewrite applies.
    /// <para>Offered only where the caller observes the same steps in the same order, apart from the two changes the rule's
    /// page names (the caller sees the original exception, not an <c>AggregateException</c>; the rest runs on the caller's
    /// context): the continuation is a sync lambda, the only argument (no options, scheduler, token or state); it reads the
    /// antecedent exactly once, through <c>.Result</c>, <c>.GetAwaiter().GetResult()</c> or a <c>.Wait()</c> statement, always
    /// (not under a condition or in a nested function) and before it does anything else; it never looks at
    /// <c>Status</c>, <c>Exception</c>, <c>IsFaulted</c> or the like. A continuation that ignores its antecedent runs even
    /// when the antecedent failed and swallows the failure: no fix, unless the antecedent cannot fail (<c>Task.Delay(..)</c>
    /// without a token), where <c>await t.ContinueWith(_ =&gt; Next());</c> → <c>await t; Next();</c>. Nor when the chain is configured
    /// (<c>ConfigureAwait</c>), stored, or inside a <c>try</c> whose <c>catch</c> handles <c>AggregateException</c>, here or around
    /// a caller in the solution.</para>
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC006PreferAwaitOverContinueWithCodeFix))]
    public sealed partial class ASYNC006PreferAwaitOverContinueWithCodeFix : DocumentFixProvider
    {
        private const string Title = "Await the task instead of 'ContinueWith'";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.PreferAwaitOverContinueWith);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.PreferAwaitOverContinueWith;

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => (await PlanAsync(document, node, semanticModel, cancellationToken).ConfigureAwait(false))?.Title;

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (await PlanAsync(document, node, semanticModel, cancellationToken).ConfigureAwait(false) is not { } plan)
            {
                return;
            }

            if (plan.MakeAsync is null)
            {
                // Awaited where it stands: replace the await (or its statement) directly.
                var outer = OutermostParentheses(plan.Await!);
                if (plan.Inline.Statements is { } statements)
                {
                    var statement = (ExpressionStatementSyntax)outer.Parent!;
                    var spliced = Splice(statements, statement);
                    if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                    {
                        editor.InsertAfter(statement, spliced.Skip(1));
                        editor.ReplaceNode(statement, spliced[0]);
                    }
                    else
                    {
                        editor.ReplaceNode(statement, SyntaxFactory.Block(spliced).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
                    }
                }
                else
                {
                    editor.ReplaceNode(outer, (current, _) => Replacement(plan.Inline.Expression!, current));
                }

                return;
            }

            // Returned: the function becomes async (its return now awaits the chain), then the awaited chain is replaced. The chain
            // is found again in the rewritten function by an annotation.
            var marker = new SyntaxAnnotation();
            editor.ReplaceNode(plan.Chain, (current, _) => current.WithAdditionalAnnotations(marker));
            MakeAsync.Apply(editor, plan.MakeAsync);
            editor.ReplaceNode(plan.MakeAsync.Function, (current, _) => InlineAwaitedChain(current, marker, plan.Inline));
        }

        // ---- Planning ----------------------------------------------------------------------------------------------

        private sealed class InlinedBody
        {
            public InlinedBody(ExpressionSyntax? expression, ImmutableArray<StatementSyntax>? statements)
            {
                Expression = expression;
                Statements = statements;
            }

            /// <summary>The continuation's expression with <c>await t</c> in it (already <c>await</c>ed for an unwrapped chain).</summary>
            public ExpressionSyntax? Expression { get; }

            /// <summary>The statements of a block continuation with <c>await t</c> in them; they take the place of the await statement.</summary>
            public ImmutableArray<StatementSyntax>? Statements { get; }
        }

        private sealed class FixPlan
        {
            public FixPlan(ExpressionSyntax chain, AwaitExpressionSyntax? awaitExpression, MakeAsyncPlan? makeAsync, InlinedBody inline, string title)
            {
                Chain = chain;
                Await = awaitExpression;
                MakeAsync = makeAsync;
                Inline = inline;
                Title = title;
            }

            /// <summary>The value awaited or returned: the <c>ContinueWith</c> call, or its <c>.Unwrap()</c>.</summary>
            public ExpressionSyntax Chain { get; }

            /// <summary>The <c>await</c> of the chain when it is awaited where it stands.</summary>
            public AwaitExpressionSyntax? Await { get; }

            /// <summary>The plan that makes the returning function async when the chain is returned.</summary>
            public MakeAsyncPlan? MakeAsync { get; }

            public InlinedBody Inline { get; }

            public string Title { get; }
        }

        private static async Task<FixPlan?> PlanAsync(Document document, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax { Expression: var antecedent } access } call
                || !access.Name.Span.Contains(node.Span)
                || call.ArgumentList.Arguments.Count != 1
                || call.ArgumentList.Arguments[0].Expression is not LambdaExpressionSyntax lambda
                || lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || semanticModel.GetOperation(call, cancellationToken) is not IInvocationOperation continueWith
                || !Continuations.IsContinueWith(continueWith.TargetMethod, symbols)
                || continueWith.Arguments.Length != 1
                || Unwrapped(continueWith.Arguments[0].Value) is not IAnonymousFunctionOperation continuation
                || continuation.Symbol.Parameters.Length != 1)
            {
                return null;
            }

            var use = Continuations.Use(continueWith, out var consumed);
            var unwrap = IsUnwrapOf(consumed, continueWith);
            if (!IsPlainChain(consumed, continueWith, unwrap)
                || unwrap == Continuations.IsCallbackRegistration(continueWith.TargetMethod, symbols, symbols.Awaitables, semanticModel, call.SpanStart)
                || consumed.Syntax is not ExpressionSyntax chain)
            {
                return null; // a ConfigureAwait or ?. on the way; an async continuation awaited without Unwrap() (ASYNC004's)
            }

            var body = Inline(continuation, lambda, antecedent, CannotFail(continueWith.Instance, symbols), semanticModel, cancellationToken);
            if (body is null)
            {
                return null;
            }

            var inline = unwrap && body.Expression is { } unwrapped
                ? new InlinedBody(SyntaxFactory.AwaitExpression(AsyncSyntax.Parenthesize(unwrapped)), null)
                : unwrap ? null : body;
            if (inline is null)
            {
                return null;
            }

            var aggregate = symbols.AggregateException;
            if (use == ContinuationUse.Awaited && consumed.Parent is IAwaitOperation { Syntax: AwaitExpressionSyntax awaitExpression })
            {
                var outer = OutermostParentheses(awaitExpression);
                if (!FitsWhereTheAwaitWas(inline, outer, semanticModel, cancellationToken)
                    || !NamesAreFree(lambda, outer, semanticModel, cancellationToken)
                    || IsInTryCatchingAggregate(awaitExpression, aggregate, semanticModel, cancellationToken)
                    || (AsyncContext.EnclosingFunction(awaitExpression) is { } function
                        && await CallerCatchesAggregateAsync(document, function, aggregate, semanticModel, cancellationToken).ConfigureAwait(false)))
                {
                    return null;
                }

                return new FixPlan(chain, awaitExpression, null, inline, Title);
            }

            if (use != ContinuationUse.Returned || consumed.Parent is not IReturnOperation { Kind: OperationKind.Return })
            {
                return null; // stored: where it is awaited later is not this spot
            }

            var (canAwait, plan) = await MakeAsync.PlanAwaitAsync(document, chain, semanticModel, cancellationToken).ConfigureAwait(false);
            if (!canAwait || plan is not { NewReturnType: null } || plan.Returns == ReturnRewrite.None
                || !FitsTheReturn(inline, plan, chain)
                || !NamesAreFree(lambda, chain, semanticModel, cancellationToken)
                || IsInTryCatchingAggregate(chain, aggregate, semanticModel, cancellationToken)
                || await CallerCatchesAggregateAsync(document, plan.Function, aggregate, semanticModel, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new FixPlan(chain, null, plan, inline, plan.Description + " and await the task instead of 'ContinueWith'");
        }

        private static IOperation Unwrapped(IOperation operation)
        {
            while (operation is IDelegateCreationOperation { Target: var target })
            {
                operation = target;
            }

            return operation;
        }

        private static bool IsUnwrapOf(IOperation consumed, IOperation continueWith)
            => consumed is IInvocationOperation { TargetMethod.Name: "Unwrap", Arguments.Length: 1 } unwrap
                && Conversions(unwrap.Arguments[0].Value) == continueWith;

        /// <summary>The chain is the call itself (through implicit conversions) or its <c>.Unwrap()</c>: no <c>ConfigureAwait</c>, no <c>?.</c>.</summary>
        private static bool IsPlainChain(IOperation consumed, IOperation continueWith, bool unwrap)
            => unwrap || Conversions(consumed) == continueWith;

        private static IOperation Conversions(IOperation operation) => OperationFacts.WithoutImplicitConversions(operation);
    }
}
