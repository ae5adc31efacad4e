using System.Collections.Immutable;
using System.Threading;
using AsyncRules.Analyzers;
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
    /// ASYNC030 fix: <c>Thread.Sleep(x)</c> → <c>await Task.Delay(x[, token])</c>, passing the in-scope cancellation token;
    /// <c>Thread.Sleep(0)</c> → <c>await Task.Yield()</c>. On the shared path of a dual-path method the flag is honoured:
    /// <c>if (async) await Task.Delay(x, token); else Thread.Sleep(x);</c> (<see cref="DualPathFix"/>). Not offered where an
    /// await cannot be written (<see cref="AwaitPlacement"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC030ThreadSleepInAsyncCodeFix))]
    public sealed class ASYNC030ThreadSleepInAsyncCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.ThreadSleepInAsyncCode);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.ThreadSleepInAsyncCode;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep || !AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken))
            {
                return null;
            }

            var method = IsSleepZero(diagnostic) ? "Yield" : "Delay";
            var dualPath = DualPathFix.For(sleep, Replacement(diagnostic, sleep, token: null), semanticModel, cancellationToken, out var refuse);
            return dualPath is not null ? $"Await Task.{method} when {dualPath.When}"
                : refuse ? null
                : $"Use 'await Task.{method}{(IsSleepZero(diagnostic) ? "()" : string.Empty)}'";
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node is not InvocationExpressionSyntax sleep)
            {
                return;
            }

            ExpressionSyntax? token = null;
            if (!IsSleepZero(diagnostic) && KnownSymbols.For(semanticModel.Compilation) is { } symbols)
            {
                var tokenSymbol = CancellationTokens.FindInScope(semanticModel, node.SpanStart, symbols, cancellationToken);
                token = tokenSymbol is null ? null : AsyncSyntax.NameOf(tokenSymbol);
            }

            // In a dual-path method the sync API runs this code too: pause as the flag says, as the method does elsewhere.
            if (DualPathFix.For(sleep, Replacement(diagnostic, sleep, token), semanticModel, cancellationToken, out var refuse) is { } dualPath)
            {
                dualPath.Apply(editor, sleep, current => Replacement(diagnostic, current, token), current => AsyncSyntax.AwaitInPlaceOf(current, Replacement(diagnostic, current, token)));
            }
            else if (!refuse)
            {
                editor.ReplaceNode(node, (current, _) => AsyncSyntax.AwaitInPlaceOf(current, Replacement(diagnostic, (InvocationExpressionSyntax)current, token)));
            }
        }

        /// <summary><c>Task.Delay(x[, token])</c> for <c>Thread.Sleep(x)</c>, <c>Task.Yield()</c> for a sleep of zero.</summary>
        private static ExpressionSyntax Replacement(Diagnostic diagnostic, InvocationExpressionSyntax sleep, ExpressionSyntax? token)
        {
            if (IsSleepZero(diagnostic))
            {
                return AsyncSyntax.InvokeTaskMethod("Yield", SyntaxFactory.ArgumentList());
            }

            var arguments = AsyncSyntax.UnnamedArguments(sleep.ArgumentList);
            if (token is not null)
            {
                arguments = arguments.AddArguments(SyntaxFactory.Argument(token));
            }

            return AsyncSyntax.InvokeTaskMethod("Delay", arguments);
        }

        private static bool IsSleepZero(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) && kind == DiagnosticProperties.SleepZero;
    }
}
