using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// Family A, the compiler's "await only inside async code": CS4032 and CS4033 (await in a method or local function
    /// that is not async) and CS4034 (await in a lambda or anonymous method that is not async). Fix: make the enclosing
    /// function async (<see cref="MakeAsync"/>: <c>void</c> → <c>Task</c>, <c>T</c> → <c>Task&lt;T&gt;</c>, <c>Main</c> →
    /// <c>async Task Main</c>, iterators → <c>async IAsyncEnumerable&lt;T&gt;</c>, callers in the document awaited).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CS4032MakeAsyncCodeFix))]
    public sealed class CS4032MakeAsyncCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("CS4032", "CS4033", "CS4034");

        protected override string EquivalenceKey => "AsyncRules.MakeAsync";

        protected override async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => AsyncContext.EnclosingFunction(node) is { } function && AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken)
                ? (await MakeAsync.TryPlanAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false))?.Description
                : null;

        protected override async Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (AsyncContext.EnclosingFunction(node) is { } function
                && await MakeAsync.TryPlanAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false) is { } plan)
            {
                MakeAsync.Apply(editor, plan);
            }
        }
    }
}
