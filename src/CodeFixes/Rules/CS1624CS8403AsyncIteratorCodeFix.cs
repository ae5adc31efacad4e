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
    /// An iterator that was meant to be an async generator (Python's <c>async def</c> with <c>yield</c>). Two compiler errors
    /// say so, and differ only in how <see cref="MakeAsync"/> plans the change:
    /// <list type="bullet">
    /// <item>CS1624 on an iterator declared to return <c>Task&lt;IEnumerable&lt;T&gt;&gt;</c>: a task of a finished sequence
    /// cannot yield items one by one. It becomes <c>async IAsyncEnumerable&lt;T&gt;</c>
    /// (<see cref="MakeAsync.TryPlanTaskIteratorAsync"/>). Other CS1624 cases (<c>int M() { yield return 1; }</c>) get no fix.</item>
    /// <item>CS8403, an iterator declared to return <c>IAsyncEnumerable&lt;T&gt;</c> (or <c>IAsyncEnumerator&lt;T&gt;</c>) without
    /// <c>async</c>: <c>async</c> is added (<see cref="MakeAsync.TryPlanAsync"/>; the return type stays).</item>
    /// </list>
    /// Each error keeps its own equivalence key (<c>AsyncRules.CS1624</c>, <c>AsyncRules.CS8403</c>), so Fix All fixes one kind at a time.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS1624CS8403AsyncIteratorCodeFix))]
    public sealed class CS1624CS8403AsyncIteratorCodeFix : DocumentFixProvider
    {
        private const string TaskOfSequence = "CS1624";
        private const string MissingAsync = "CS8403";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(TaskOfSequence, MissingAsync);

        protected override string EquivalenceKey => "AsyncRules." + TaskOfSequence;

        protected override async Task<ImmutableArray<(string Title, string Key)>> GetFixesAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => await PlanAsync(document, diagnostic, node, semanticModel, cancellationToken).ConfigureAwait(false) is { } plan
                ? ImmutableArray.Create((plan.Description, "AsyncRules." + diagnostic.Id))
                : ImmutableArray<(string, string)>.Empty;

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (await PlanAsync(document, diagnostic, node, semanticModel, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                MakeAsync.Apply(editor, plan);
            }
        }

        private static async Task<MakeAsyncPlan?> PlanAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (node is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax))
            {
                return null;
            }

            return diagnostic.Id == TaskOfSequence
                ? await MakeAsync.TryPlanTaskIteratorAsync(document, node, semanticModel, cancellationToken).ConfigureAwait(false)
                : await MakeAsync.TryPlanAsync(document, node, semanticModel, cancellationToken).ConfigureAwait(false);
        }
    }
}
