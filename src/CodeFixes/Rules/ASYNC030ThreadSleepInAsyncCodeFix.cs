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
    /// <c>Thread.Sleep(0)</c> → <c>await Task.Yield()</c>. Not offered where an await cannot be written (<see cref="AwaitPlacement"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC030ThreadSleepInAsyncCodeFix))]
    public sealed class ASYNC030ThreadSleepInAsyncCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.ThreadSleepInAsyncCode);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.ThreadSleepInAsyncCode;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } || !AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken))
            {
                return null;
            }

            return IsSleepZero(diagnostic) ? "Use 'await Task.Yield()'" : "Use 'await Task.Delay'";
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            ExpressionSyntax? token = null;
            if (!IsSleepZero(diagnostic) && KnownSymbols.For(semanticModel.Compilation) is { } symbols)
            {
                var tokenSymbol = CancellationTokens.FindInScope(semanticModel, node.SpanStart, symbols, cancellationToken);
                token = tokenSymbol is null ? null : AsyncSyntax.NameOf(tokenSymbol);
            }

            editor.ReplaceNode(node, (current, _) =>
            {
                var sleep = (InvocationExpressionSyntax)current;
                ExpressionSyntax replacement;
                if (IsSleepZero(diagnostic))
                {
                    replacement = AsyncSyntax.InvokeTaskMethod("Yield", SyntaxFactory.ArgumentList());
                }
                else
                {
                    var arguments = AsyncSyntax.UnnamedArguments(sleep.ArgumentList);
                    if (token is not null)
                    {
                        arguments = arguments.AddArguments(SyntaxFactory.Argument(token));
                    }

                    replacement = AsyncSyntax.InvokeTaskMethod("Delay", arguments);
                }

                return AsyncSyntax.AwaitInPlaceOf(current, replacement);
            });
        }

        private static bool IsSleepZero(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind) && kind == DiagnosticProperties.SleepZero;
    }
}
