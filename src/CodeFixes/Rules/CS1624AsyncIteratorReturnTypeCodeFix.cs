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
    /// CS1624 on an iterator declared to return <c>Task&lt;IEnumerable&lt;T&gt;&gt;</c>: a task of a finished sequence cannot
    /// yield items one by one. It becomes <c>async IAsyncEnumerable&lt;T&gt;</c>, the async generator
    /// (<see cref="MakeAsync.TryPlanTaskIteratorAsync"/>). Other CS1624 cases (<c>int M() { yield return 1; }</c>) get no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS1624AsyncIteratorReturnTypeCodeFix))]
    public sealed class CS1624AsyncIteratorReturnTypeCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS1624");

        protected override string EquivalenceKey => "AsyncRules.CS1624";

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Function(node) is { } function
                ? (await MakeAsync.TryPlanTaskIteratorAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false))?.Description
                : null;

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (Function(node) is { } function
                && await MakeAsync.TryPlanTaskIteratorAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                MakeAsync.Apply(editor, plan);
            }
        }

        private static SyntaxNode? Function(SyntaxNode node)
            => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax ? node : null;
    }
}
