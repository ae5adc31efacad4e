using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncRules.CodeFixes.Helpers
{
    internal sealed partial class AsyncAllTheWay
    {
        private sealed class Edit
        {
            public Edit(EditKind kind, SemanticModel model)
            {
                Kind = kind;
                Model = model;
            }

            public EditKind Kind { get; }

            public SemanticModel Model { get; }

            public MakeAsyncPlan? Plan { get; set; }

            public string? NewName { get; set; }

            public BlockingWaitKind WaitKind { get; set; }
        }

        private void AddEdit(DocumentId document, SyntaxNode node, Edit edit)
        {
            if (!edits.TryGetValue(document, out var forDocument))
            {
                edits[document] = forDocument = new Dictionary<(SyntaxNode, EditKind), Edit>();
            }

            forDocument[(node, edit.Kind)] = edit;
        }

        private async Task<Solution> ApplyAsync()
        {
            var editor = new SolutionEditor(solution);
            foreach (var forDocument in edits)
            {
                var documentEditor = await editor.GetDocumentEditorAsync(forDocument.Key, cancellationToken).ConfigureAwait(false);

                // Outermost first: a callback edit on an inner node then sees the outer edit already in place.
                foreach (var pair in forDocument.Value.OrderBy(e => e.Key.Node.SpanStart).ThenByDescending(e => e.Key.Node.Span.Length).ThenBy(e => e.Key.Kind))
                {
                    var node = pair.Key.Node;
                    var edit = pair.Value;
                    switch (edit.Kind)
                    {
                        case EditKind.ConvertFunction:
                            documentEditor.ReplaceNode(node, (current, _) => WithName(MakeAsync.Rewrite(current, edit.Plan!), edit.NewName));
                            break;
                        case EditKind.AwaitWait:
                            AwaitForBlockingWait.Replace(documentEditor, edit.WaitKind, node, edit.Model, KnownSymbols.For(edit.Model.Compilation)!, cancellationToken);
                            break;
                        case EditKind.AwaitCall:
                            documentEditor.ReplaceNode(node, (current, _) => current is ExpressionSyntax call ? AsyncSyntax.AwaitInPlaceOf(call, call) : current);
                            break;
                        case EditKind.WaitCall:
                            documentEditor.ReplaceNode(node, (current, _) => current is ExpressionSyntax call ? WaitOn(call) : current);
                            break;
                        case EditKind.Rename:
                            documentEditor.ReplaceNode(node, (current, _) => current is SimpleNameSyntax name ? name.WithIdentifier(Identifier(edit.NewName!, name.Identifier)) : current);
                            break;
                    }
                }
            }

            var changed = editor.GetChangedSolution();
            foreach (var documentId in edits.Keys)
            {
                var document = changed.GetDocument(documentId);
                if (document is not null)
                {
                    var cleaned = await FixCleanup.CleanupAsync(document, cancellationToken).ConfigureAwait(false);
                    changed = cleaned.Project.Solution;
                }
            }

            return changed;
        }

        private static SyntaxNode WithName(SyntaxNode function, string? newName)
            => newName is null ? function : function switch
            {
                MethodDeclarationSyntax method => method.WithIdentifier(Identifier(newName, method.Identifier)),
                LocalFunctionStatementSyntax localFunction => localFunction.WithIdentifier(Identifier(newName, localFunction.Identifier)),
                _ => function,
            };

        private static SyntaxToken Identifier(string name, SyntaxToken old) => SyntaxFactory.Identifier(name).WithTriviaFrom(old);

        /// <summary>
        /// <c>call</c> → <c>call.GetAwaiter().GetResult()</c>: a deliberate, visible wait where the chain of async callers ends. Not
        /// <see cref="AsyncSyntax.InvokeMember"/>: its parentheses would cut <c>.M()</c> off the <c>a?</c> it belongs to.
        /// </summary>
        private static ExpressionSyntax WaitOn(ExpressionSyntax call)
        {
            var getAwaiter = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.WithoutTrivia(), SyntaxFactory.IdentifierName("GetAwaiter")));
            return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, getAwaiter, SyntaxFactory.IdentifierName("GetResult")))
                .WithTriviaFrom(call);
        }

        /// <summary>True when a changed document has more errors of some ID than before: the fix would break the build, so it is not made.</summary>
        private async Task<bool> AddsCompilerErrorsAsync(Solution changed)
        {
            foreach (var documentId in edits.Keys)
            {
                var before = await ErrorsAsync(solution.GetDocument(documentId)).ConfigureAwait(false);
                var after = await ErrorsAsync(changed.GetDocument(documentId)).ConfigureAwait(false);
                if (after.Any(a => !before.TryGetValue(a.Key, out var count) || a.Value > count))
                {
                    return true;
                }
            }

            return false;
        }

        private async Task<Dictionary<string, int>> ErrorsAsync(Document? document)
        {
            var model = document is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return model is null
                ? new Dictionary<string, int>()
                : model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error)
                    .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        }
    }
}
