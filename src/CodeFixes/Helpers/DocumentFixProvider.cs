using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// The shape every AsyncRules fix that rewrites one document shares: a rule decides whether a diagnostic can be fixed
    /// (and under which title) and how to edit it; this base registers the code action, applies one fix or many in one
    /// pass of a <see cref="DocumentEditor"/> (so nested diagnostics compose), and supports Fix All in document, project
    /// and solution through the same code path. Every change ends with <see cref="FixCleanup"/>.
    /// </summary>
    public abstract class DocumentFixProvider : CodeFixProvider
    {
        /// <summary>One key per rule (<c>AsyncRules.&lt;ID&gt;</c>), so Fix All fixes every variant of the rule at once.</summary>
        protected abstract string EquivalenceKey { get; }

        /// <summary>The code action title when <paramref name="node"/> can be fixed safely; null to offer no fix.</summary>
        protected virtual string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) => null;

        /// <summary>As <see cref="GetTitle"/>, for fixes that must look beyond the document (references in the solution).</summary>
        protected virtual Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Task.FromResult(GetTitle(diagnostic, node, semanticModel, cancellationToken));

        /// <summary>Edits the document for one diagnostic. Use replace-with-callback edits so nested fixes compose.</summary>
        protected virtual void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
        }

        /// <summary>As <see cref="Fix"/>, for fixes that must look beyond the document.</summary>
        protected virtual Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            Fix(editor, diagnostic, node, semanticModel, cancellationToken);
            return Task.CompletedTask;
        }

        /// <summary>
        /// The fixes offered for one diagnostic, each a title and its equivalence key. Most rules offer one
        /// (<see cref="GetTitleAsync"/> with <see cref="EquivalenceKey"/>); a rule with alternatives (await it, or discard it)
        /// overrides this, and <see cref="FixAsync(DocumentEditor, Document, Diagnostic, SyntaxNode, SemanticModel, string, CancellationToken)"/>
        /// receives the key of the one chosen. Fix All applies the chosen key's fix to every diagnostic that offers it.
        /// </summary>
        protected virtual async Task<ImmutableArray<(string Title, string Key)>> GetFixesAsync(Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => await GetTitleAsync(document, diagnostic, node, semanticModel, cancellationToken).ConfigureAwait(false) is { } title
                ? ImmutableArray.Create((title, EquivalenceKey))
                : ImmutableArray<(string, string)>.Empty;

        /// <summary>As <see cref="FixAsync(DocumentEditor, Document, Diagnostic, SyntaxNode, SemanticModel, CancellationToken)"/>, knowing which of several fixes was chosen.</summary>
        protected virtual Task FixAsync(DocumentEditor editor, Document document, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, string equivalenceKey, CancellationToken cancellationToken)
            => FixAsync(editor, document, diagnostic, node, semanticModel, cancellationToken);

        public sealed override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await FixDocumentAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? EquivalenceKey, context.CancellationToken).ConfigureAwait(false));

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var node = FindNode(root, diagnostic);
                if (node is null)
                {
                    continue;
                }

                foreach (var (title, key) in await GetFixesAsync(context.Document, diagnostic, node, semanticModel, context.CancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), key, ct), key),
                        diagnostic);
                }
            }
        }

        private async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var root = editor.OriginalRoot;
            var semanticModel = editor.SemanticModel;
            var changed = false;

            // Outermost first: a callback edit on an inner node then sees the outer edit already in place.
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenByDescending(d => d.Location.SourceSpan.Length))
            {
                var node = FindNode(root, diagnostic);
                if (node is null || !(await GetFixesAsync(document, diagnostic, node, semanticModel, cancellationToken).ConfigureAwait(false)).Any(f => f.Key == equivalenceKey))
                {
                    continue;
                }

                await FixAsync(editor, document, diagnostic, node, semanticModel, equivalenceKey, cancellationToken).ConfigureAwait(false);
                changed = true;
            }

            return changed
                ? await FixCleanup.CleanupAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false)
                : document;
        }

        private static SyntaxNode? FindNode(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            return root.FullSpan.Contains(span) ? root.FindNode(span, getInnermostNodeForTie: true) : null;
        }
    }
}
