using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// CS4008, "cannot await 'void'": <c>await Thread.Sleep(x)</c> → <c>await Task.Delay(x[, token])</c> (<c>Sleep(0)</c> →
    /// <c>Task.Yield()</c>); <c>await M(..)</c> → <c>await MAsync(..[, token])</c> when an async counterpart exists
    /// (<see cref="AsyncCounterparts"/>); otherwise the <c>await</c> is removed: the call is synchronous and was already done.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS4008AwaitVoidCodeFix))]
    public sealed class CS4008AwaitVoidCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS4008");

        protected override string EquivalenceKey => "AsyncRules.CS4008";

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Plan(node, semanticModel, cancellationToken) is { } plan ? plan.Title : null;

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Plan(node, semanticModel, cancellationToken) is not { } plan)
            {
                return;
            }

            var awaitExpression = plan.Await;
            if (plan.Replacement is null)
            {
                editor.ReplaceNode(awaitExpression, (current, _) => ((AwaitExpressionSyntax)current).Expression.WithTriviaFrom(current));
            }
            else
            {
                editor.ReplaceNode(awaitExpression.Expression, plan.Replacement.WithTriviaFrom(awaitExpression.Expression));
            }
        }

        private sealed class FixPlan
        {
            public FixPlan(AwaitExpressionSyntax awaitExpression, ExpressionSyntax? replacement, string title)
            {
                Await = awaitExpression;
                Replacement = replacement;
                Title = title;
            }

            public AwaitExpressionSyntax Await { get; }

            /// <summary>The awaitable call to await instead; null to remove the await.</summary>
            public ExpressionSyntax? Replacement { get; }

            public string Title { get; }
        }

        private static FixPlan? Plan(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var awaitExpression = node.FirstAncestorOrSelf<AwaitExpressionSyntax>();
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (awaitExpression?.Expression is not InvocationExpressionSyntax invocation || symbols is null
                || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { ReturnsVoid: true } method)
            {
                return null;
            }

            var token = CancellationTokens.FindInScope(semanticModel, invocation.SpanStart, symbols, cancellationToken);
            if (SleepCalls.IsThreadSleep(method, symbols))
            {
                if (semanticModel.GetOperation(invocation, cancellationToken) is Microsoft.CodeAnalysis.Operations.IInvocationOperation sleep && SleepCalls.IsZeroDuration(sleep, symbols))
                {
                    return new FixPlan(awaitExpression, AsyncSyntax.InvokeTaskMethod("Yield", SyntaxFactory.ArgumentList()), "Use 'Task.Yield()'");
                }

                var arguments = AsyncSyntax.UnnamedArguments(invocation.ArgumentList);
                if (token is not null)
                {
                    arguments = arguments.AddArguments(SyntaxFactory.Argument(AsyncSyntax.NameOf(token)));
                }

                return new FixPlan(awaitExpression, AsyncSyntax.InvokeTaskMethod("Delay", arguments), "Use 'Task.Delay'");
            }

            var containingFunction = semanticModel.GetEnclosingSymbol(invocation.SpanStart, cancellationToken);
            var counterpart = AsyncCounterparts.Find(method, semanticModel, invocation.SpanStart, symbols, containingFunction, invocation, preferToken: token is not null, cancellationToken, CounterpartCall.ReceiverType(invocation, method, semanticModel, cancellationToken));
            if (counterpart is not null && CounterpartCall.TryBuild(invocation, method, counterpart, token, semanticModel) is { } call)
            {
                return new FixPlan(awaitExpression, call, $"Call '{counterpart.Name}'");
            }

            return new FixPlan(awaitExpression, null, "Remove 'await' (the call is synchronous)");
        }
    }
}
