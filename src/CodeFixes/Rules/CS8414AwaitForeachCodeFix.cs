using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// CS8414, <c>foreach</c> over an async stream: the loop becomes <c>await foreach</c> (Python's <c>async for</c>). In a
    /// function that is not async yet, the function is made async first (<see cref="MakeAsync"/>: an iterator becomes an async
    /// iterator, so <c>foreach (var x in stream) yield return x;</c> becomes the async generator's relay). Not offered where an
    /// await cannot be written (a <c>lock</c> body, unsafe code) or the function cannot become async.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS8414AwaitForeachCodeFix))]
    public sealed class CS8414AwaitForeachCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS8414");

        protected override string EquivalenceKey => "AsyncRules.CS8414";

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Loop(node) is not { } loop)
            {
                return null;
            }

            var (canAwait, plan) = await MakeAsync.PlanAwaitAsync(document, loop, semanticModel, cancellationToken).ConfigureAwait(false);
            return !canAwait ? null : plan is null ? "Use 'await foreach'" : plan.Description + " and use 'await foreach'";
        }

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var loop = Loop(node)!;
            var (_, plan) = await MakeAsync.PlanAwaitAsync(document, loop, semanticModel, cancellationToken).ConfigureAwait(false);
            if (plan is not null)
            {
                MakeAsync.Apply(editor, plan);
            }

            editor.ReplaceNode(loop, (current, _) => AsyncSyntax.AwaitForEach((CommonForEachStatementSyntax)current));
        }

        /// <summary>The <c>foreach</c> whose collection expression the diagnostic is on (not one already awaited).</summary>
        private static CommonForEachStatementSyntax? Loop(SyntaxNode node)
            => node.FirstAncestorOrSelf<CommonForEachStatementSyntax>() is { } loop
                && loop.Expression.Span.Contains(node.Span)
                && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
                    ? loop
                    : null;
    }
}
