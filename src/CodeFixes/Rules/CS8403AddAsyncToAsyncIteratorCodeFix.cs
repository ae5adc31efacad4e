using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// CS8403, an iterator declared to return <c>IAsyncEnumerable&lt;T&gt;</c> (or <c>IAsyncEnumerator&lt;T&gt;</c>) without
    /// <c>async</c>: add <c>async</c> (<see cref="MakeAsync"/>; the return type stays). Python's <c>async def</c> with <c>yield</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS8403AddAsyncToAsyncIteratorCodeFix))]
    public sealed class CS8403AddAsyncToAsyncIteratorCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS8403");

        protected override string EquivalenceKey => "AsyncRules.CS8403";

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Function(node) is { } function
                ? (await MakeAsync.TryPlanAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false))?.Description
                : null;

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Function(node) is { } function
                && await MakeAsync.TryPlanAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                MakeAsync.Apply(editor, plan);
            }
        }

        private static SyntaxNode? Function(SyntaxNode node)
            => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax ? node : null;
    }
}
