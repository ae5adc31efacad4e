using System.Collections.Immutable;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC010 fix: the blocking wait becomes an await (<see cref="AwaitForBlockingWait"/> has the forms and the refusals);
    /// not offered where an await cannot be written (<see cref="AwaitPlacement"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC010BlockingWaitInAsyncCodeFix))]
    public sealed class ASYNC010BlockingWaitInAsyncCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BlockingWaitInAsyncCode);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.BlockingWaitInAsyncCode;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null || !AwaitForBlockingWait.TryGetKind(diagnostic, out var kind)
                || !AwaitForBlockingWait.CanRewrite(kind, node, semanticModel, symbols, cancellationToken)
                || !AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken))
            {
                return null;
            }

            return kind switch
            {
                BlockingWaitKind.WaitAll => "Use 'await Task.WhenAll'",
                BlockingWaitKind.WaitAny => "Use 'await Task.WhenAny'",
                _ => "Use 'await'",
            };
        }

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation)!;
            AwaitForBlockingWait.TryGetKind(diagnostic, out var kind);
            AwaitForBlockingWait.Replace(editor, kind, node, semanticModel, symbols, cancellationToken);
        }
    }
}
