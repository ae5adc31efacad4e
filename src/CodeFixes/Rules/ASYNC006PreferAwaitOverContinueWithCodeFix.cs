using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.FindSymbols;
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
    public sealed class ASYNC006PreferAwaitOverContinueWithCodeFix : DocumentFixProvider
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

        /// <summary>
        /// The continuation's body with <c>await antecedent</c> where it reads the antecedent, or null when the rewrite would
        /// change what runs, or in which order. A continuation that does not look at its antecedent runs after it whatever
        /// happened to it: that is <c>await antecedent;</c> followed by its body only when the antecedent cannot fail.
        /// </summary>
        private static InlinedBody? Inline(IAnonymousFunctionOperation continuation, LambdaExpressionSyntax lambda, ExpressionSyntax antecedent, bool antecedentCannotFail, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var parameter = continuation.Symbol.Parameters[0];
            var references = continuation.Body.Descendants().OfType<IParameterReferenceOperation>()
                .Where(r => SymbolEqualityComparer.Default.Equals(r.Parameter, parameter))
                .ToList();
            var awaitAntecedent = AsyncSyntax.Parenthesize(SyntaxFactory.AwaitExpression(AsyncSyntax.Parenthesize(antecedent)));
            if (references.Count == 0 && antecedentCannotFail)
            {
                return RunsAfter(lambda, awaitAntecedent);
            }

            if (references.Count != 1 || ReadOfOutcome(references[0]) is not { } read || !IsReadFirstAndAlways(read, continuation, semanticModel, cancellationToken))
            {
                return null;
            }

            var readSyntax = read.Syntax;
            switch (lambda.Body)
            {
                case ExpressionSyntax expression:
                    return new InlinedBody(expression.ReplaceNode(readSyntax, awaitAntecedent).WithoutTrivia(), null);
                case BlockSyntax { Statements.Count: 1 } single when single.Statements[0] is ReturnStatementSyntax { Expression: { } returned }:
                    return new InlinedBody(returned.ReplaceNode(readSyntax, awaitAntecedent).WithoutTrivia(), null);
                case BlockSyntax { Statements.Count: 1 } single when single.Statements[0] is ExpressionStatementSyntax { Expression: var only }:
                    return new InlinedBody(only.ReplaceNode(readSyntax, awaitAntecedent).WithoutTrivia(), null);
                case BlockSyntax block when !ControlLeavesTheBlock(block):
                    var statements = block.ReplaceNode(readSyntax, awaitAntecedent).Statements;
                    return new InlinedBody(null, statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToImmutableArray());
                default:
                    return null;
            }
        }

        /// <summary><c>await antecedent;</c>, then the continuation's statements (an expression body must be a statement itself).</summary>
        private static InlinedBody? RunsAfter(LambdaExpressionSyntax lambda, ExpressionSyntax awaitAntecedent)
        {
            IEnumerable<StatementSyntax> body;
            switch (lambda.Body)
            {
                case ExpressionSyntax expression when IsStatementExpression(expression):
                    body = new[] { SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()) };
                    break;
                case BlockSyntax block when !ControlLeavesTheBlock(block):
                    body = block.Statements;
                    break;
                default:
                    return null;
            }

            var statements = new[] { SyntaxFactory.ExpressionStatement(awaitAntecedent) }.Concat(body)
                .Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))
                .ToImmutableArray();
            return new InlinedBody(null, statements);
        }

        /// <summary>
        /// An antecedent that never fails and is never cancelled: <c>Task.Delay(..)</c> without a token (a bad argument throws at
        /// the call, before and after the fix alike), <c>Task.CompletedTask</c>, <c>Task.FromResult(..)</c>.
        /// </summary>
        private static bool CannotFail(IOperation? antecedent, KnownSymbols symbols)
        {
            antecedent = antecedent is null ? null : OperationFacts.WithoutImplicitConversions(antecedent);

            return antecedent switch
            {
                IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Delay" or "FromResult" } method } invocation
                    => symbols.IsTask(method.ContainingType) && !invocation.Arguments.Any(a => symbols.IsCancellationToken(a.Parameter?.Type)),
                IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property } => symbols.IsTask(property.ContainingType),
                _ => false,
            };
        }

        /// <summary>
        /// Where the continuation reads the antecedent's outcome, rethrowing its failure: <c>x.Result</c>,
        /// <c>x.GetAwaiter().GetResult()</c>, or a <c>x.Wait();</c> statement. Any other use (<c>Status</c>, <c>Exception</c>,
        /// <c>IsFaulted</c>, passing it on) is null.
        /// </summary>
        private static IOperation? ReadOfOutcome(IParameterReferenceOperation reference)
            => reference.Parent switch
            {
                IPropertyReferenceOperation { Property.Name: "Result" } result => result,
                IInvocationOperation { TargetMethod.Name: "Wait", Arguments.Length: 0, Parent: IExpressionStatementOperation } wait => wait,
                IInvocationOperation { TargetMethod.Name: "GetAwaiter", Arguments.Length: 0, Parent: IInvocationOperation { TargetMethod.Name: "GetResult", Arguments.Length: 0 } getResult } => getResult,
                _ => null,
            };

        /// <summary>
        /// The read runs every time the continuation runs (no condition, loop, <c>try</c> or nested function around it), and
        /// nothing before it does anything an <c>await</c> placed there would reorder: before it come only constants, locals
        /// and parameters that nothing reassigns, readonly fields and built-in operators.
        /// </summary>
        private static bool IsReadFirstAndAlways(IOperation read, IAnonymousFunctionOperation continuation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            IOperation child = read;
            for (var current = read.Parent; current is not null && current != continuation.Body; child = current, current = current.Parent)
            {
                var always = current switch
                {
                    IArgumentOperation or IInvocationOperation or IPropertyReferenceOperation or IFieldReferenceOperation or IConversionOperation
                        or IObjectCreationOperation or IArrayCreationOperation or IArrayInitializerOperation or ITupleOperation
                        or IInterpolatedStringOperation or IInterpolationOperation or IUnaryOperation
                        or IReturnOperation or IExpressionStatementOperation or ISimpleAssignmentOperation
                        or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation or IVariableDeclarationGroupOperation => true,
                    IBinaryOperation binary => binary.LeftOperand == child || binary.OperatorKind is not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr),
                    IConditionalOperation conditional => conditional.Condition == child,
                    ICoalesceOperation coalesce => coalesce.Value == child,
                    IConditionalAccessOperation access => access.Operation == child,
                    IBlockOperation block => block.Parent == continuation,
                    _ => false,
                };
                if (!always)
                {
                    return false;
                }
            }

            var readStart = read.Syntax.SpanStart;
            var root = EnclosingMember(continuation.Syntax, cancellationToken);
            foreach (var before in continuation.Body.Descendants())
            {
                if (before.Syntax.Span.End <= readStart && !IsInert(before, continuation, root, semanticModel, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInert(IOperation operation, IAnonymousFunctionOperation continuation, SyntaxNode root, SemanticModel semanticModel, CancellationToken cancellationToken)
            => operation switch
            {
                ILiteralOperation or IDefaultValueOperation or IInstanceReferenceOperation or ITypeOfOperation or INameOfOperation or ISizeOfOperation
                    or IArgumentOperation or IInterpolatedStringOperation or IInterpolatedStringTextOperation or IInterpolationOperation
                    or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableDeclaratorOperation or IVariableInitializerOperation
                    or IExpressionStatementOperation or ITupleOperation => true,
                IConversionOperation conversion => conversion.OperatorMethod is null,
                IBinaryOperation binary => binary.OperatorMethod is null,
                IUnaryOperation unary => unary.OperatorMethod is null,
                IFieldReferenceOperation field => field.Field.IsReadOnly || field.Field.IsConst,
                ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local.ContainingSymbol, continuation.Symbol)
                    || !IsReassigned(local.Local, root, semanticModel, cancellationToken),
                IParameterReferenceOperation parameter => !IsReassigned(parameter.Parameter, root, semanticModel, cancellationToken),
                _ => false,
            };

        /// <summary>True when <paramref name="symbol"/> is assigned, incremented or passed by <c>ref</c>/<c>out</c> anywhere in <paramref name="root"/>.</summary>
        private static bool IsReassigned(ISymbol symbol, SyntaxNode root, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != symbol.Name)
                {
                    continue;
                }

                var written = name.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == name,
                    PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
                    PostfixUnaryExpressionSyntax => true,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    _ => false,
                };
                if (written && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>return</c>, <c>goto</c>, label or <c>yield</c> would mean something else once the statements stand in the caller.</summary>
        private static bool ControlLeavesTheBlock(BlockSyntax block)
            => block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Any(n => n is ReturnStatementSyntax or GotoStatementSyntax or LabeledStatementSyntax or YieldStatementSyntax or LocalFunctionStatementSyntax);

        /// <summary>
        /// The continuation's body will live in the caller's block, and so will the locals it declares (<c>var r = x.Result;</c>,
        /// <c>out var n</c>, a pattern's variable): none of their names may be in use there (a local in scope, or any identifier
        /// of the enclosing member outside the continuation).
        /// </summary>
        private static bool NamesAreFree(LambdaExpressionSyntax lambda, SyntaxNode spot, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var declared = lambda.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Select(n => n switch
                {
                    VariableDeclaratorSyntax variable => variable.Identifier.ValueText,
                    SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
                    ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
                    CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier.ValueText,
                    _ => null,
                })
                .Where(n => !string.IsNullOrEmpty(n))
                .ToImmutableHashSet();
            if (declared.IsEmpty)
            {
                return true;
            }

            var used = EnclosingMember(spot, cancellationToken).DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && !lambda.Span.Contains(t.Span)).Select(t => t.ValueText);
            return !used.Any(declared.Contains)
                && !semanticModel.LookupSymbols(spot.SpanStart).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol && declared.Contains(s.Name));
        }

        /// <summary>The member declaration holding <paramref name="node"/>; the whole file for top-level statements, which share their locals.</summary>
        private static SyntaxNode EnclosingMember(SyntaxNode node, CancellationToken cancellationToken)
            => node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member and not GlobalStatementSyntax ? member : node.SyntaxTree.GetRoot(cancellationToken);

        /// <summary>
        /// The inlined body can stand where the <c>await</c> was: statements only in place of an await statement in a block (not
        /// among top-level statements); an expression whose value is dropped must be one that is a statement by itself.
        /// </summary>
        private static bool FitsWhereTheAwaitWas(InlinedBody inline, ExpressionSyntax outer, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (inline.Statements is not null)
            {
                return outer.Parent is ExpressionStatementSyntax { Parent: not GlobalStatementSyntax };
            }

            var valueDropped = outer.Parent switch
            {
                ExpressionStatementSyntax => true,
                ArrowExpressionClauseSyntax or LambdaExpressionSyntax => ReturnsNoValue(outer, semanticModel, cancellationToken),
                _ => false,
            };
            return !valueDropped || IsStatementExpression(inline.Expression!);
        }

        /// <summary>The function whose expression body <paramref name="body"/> is returns <c>void</c>, <c>Task</c> or <c>ValueTask</c>.</summary>
        private static bool ReturnsNoValue(SyntaxNode body, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var function = body.Parent is ArrowExpressionClauseSyntax arrow ? arrow.Parent : body.Parent;
            var symbol = function is null ? null : AsyncContext.FunctionSymbol(function, semanticModel, cancellationToken);
            return symbol is null || symbol.ReturnsVoid || symbol.ReturnType is INamedTypeSymbol { IsGenericType: false };
        }

        /// <summary>The function is made async and its <c>return</c> awaits the chain: the body must fit there.</summary>
        private static bool FitsTheReturn(InlinedBody inline, MakeAsyncPlan plan, ExpressionSyntax chain)
        {
            var expressionBodied = chain.Parent is ArrowExpressionClauseSyntax or LambdaExpressionSyntax;
            if (plan.Returns == ReturnRewrite.AwaitGeneric)
            {
                return inline.Expression is not null; // return await chain;
            }

            // Task: `await chain;` as a statement, or the expression body of an async Task function.
            return inline.Statements is not null ? !expressionBodied : IsStatementExpression(inline.Expression!);
        }

        private static bool IsStatementExpression(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression is InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax
                or ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax }
                || expression.IsKind(SyntaxKind.PreIncrementExpression) || expression.IsKind(SyntaxKind.PreDecrementExpression)
                || expression.IsKind(SyntaxKind.PostIncrementExpression) || expression.IsKind(SyntaxKind.PostDecrementExpression);
        }

        // ---- AggregateException: callers that rely on the wrapped failure ------------------------------------------------

        /// <summary>The spot is in the <c>try</c> block of a <c>try</c> whose <c>catch</c> names <c>AggregateException</c> or its members.</summary>
        private static bool IsInTryCatchingAggregate(SyntaxNode spot, INamedTypeSymbol? aggregate, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (aggregate is null)
            {
                return false;
            }

            SyntaxNode child = spot;
            for (var current = spot.Parent; current is not null && current is not MemberDeclarationSyntax; child = current, current = current.Parent)
            {
                if (current is TryStatementSyntax tryStatement && tryStatement.Block == child
                    && tryStatement.Catches.Any(c => MentionsAggregate(c, aggregate, semanticModel, cancellationToken)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsAggregate(CatchClauseSyntax catchClause, INamedTypeSymbol aggregate, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            foreach (var name in catchClause.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = semanticModel.GetSymbolInfo(name, cancellationToken).Symbol;
                if (SymbolEqualityComparer.Default.Equals(symbol, aggregate) || SymbolEqualityComparer.Default.Equals(symbol?.ContainingType, aggregate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A call of the method anywhere in the solution sits in a <c>try</c> that catches <c>AggregateException</c>.</summary>
        private static async Task<bool> CallerCatchesAggregateAsync(Document document, SyntaxNode function, INamedTypeSymbol? aggregate, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (aggregate is null || function is AnonymousFunctionExpressionSyntax || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method)
            {
                return false;
            }

            var references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var reference = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (reference is not null && model is not null && IsInTryCatchingAggregate(reference, KnownSymbols.For(model.Compilation)?.AggregateException, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- Rewriting -----------------------------------------------------------------------------------------------

        private static ExpressionSyntax OutermostParentheses(ExpressionSyntax expression)
        {
            while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized;
            }

            return expression;
        }

        private static ExpressionSyntax Replacement(ExpressionSyntax inlined, SyntaxNode replaced)
            => AsyncSyntax.Parenthesize(inlined).WithTriviaFrom(replaced);

        /// <summary>
        /// The continuation's statements in place of <paramref name="statement"/>, which lends its comments to the first and its
        /// line end to the last; each ends its line (a one-line block continuation becomes one statement per line).
        /// </summary>
        private static ImmutableArray<StatementSyntax> Splice(ImmutableArray<StatementSyntax> statements, StatementSyntax statement)
        {
            var lineEnd = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (lineEnd.IsKind(SyntaxKind.None))
            {
                lineEnd = SyntaxFactory.ElasticCarriageReturnLineFeed;
            }

            var spliced = ImmutableArray.CreateBuilder<StatementSyntax>(statements.Length);
            for (var i = 0; i < statements.Length; i++)
            {
                var current = statements[i];
                if (i == 0)
                {
                    current = current.WithLeadingTrivia(statement.GetLeadingTrivia());
                }

                if (i == statements.Length - 1)
                {
                    current = current.WithTrailingTrivia(statement.GetTrailingTrivia());
                }
                else if (!current.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                {
                    current = current.WithTrailingTrivia(current.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)).Concat(new[] { lineEnd }));
                }

                spliced.Add(current);
            }

            return spliced.MoveToImmutable();
        }

        /// <summary>
        /// In the function MakeAsync rewrote, the returned chain now stands in an <c>await</c> (<c>return await chain;</c>,
        /// <c>await chain;</c>, <c>=&gt; await chain</c>): the inlined body replaces that await, or its statement.
        /// </summary>
        private static SyntaxNode InlineAwaitedChain(SyntaxNode function, SyntaxAnnotation marker, InlinedBody inline)
        {
            if (function.GetAnnotatedNodes(marker).FirstOrDefault() is not ExpressionSyntax chain
                || OutermostParentheses(chain).Parent is not AwaitExpressionSyntax awaitExpression)
            {
                return function;
            }

            var outer = OutermostParentheses(awaitExpression);
            if (inline.Statements is not { } statements)
            {
                return function.ReplaceNode(outer, Replacement(inline.Expression!, outer));
            }

            if (outer.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
            {
                return function;
            }

            var index = block.Statements.IndexOf(statement);
            var spliced = block.Statements.RemoveAt(index).InsertRange(index, Splice(statements, statement));
            return function.ReplaceNode(block, block.WithStatements(spliced));
        }
    }
}
