using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Analyzers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC011 fix, "Make async and update callers": the blocking function becomes async and awaits, and its callers across the
    /// solution await it in turn, up to the entry points (<see cref="AsyncAllTheWay"/> has the rules and where the chain stops).
    /// Fix All plans every diagnostic of the scope together, so a caller shared by two chains is converted once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC011BlockingWaitInSyncCodeFix))]
    public sealed class ASYNC011BlockingWaitInSyncCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = "AsyncRules." + DiagnosticIds.BlockingWaitInSyncCode;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.BlockingWaitInSyncCode);

        public override FixAllProvider GetFixAllProvider() => new SolutionWideFixAll();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var title = await AsyncAllTheWay.GetTitleAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (title is not null)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => AsyncAllTheWay.FixAsync(document.Project.Solution, new[] { (document, diagnostic) }, ct), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>Fix All in a document, project or solution: one plan for all the diagnostics of the scope, applied to the whole solution.</summary>
        private sealed class SolutionWideFixAll : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var seeds = new List<(Document, Diagnostic)>();
                if (fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document)
                {
                    foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                    {
                        seeds.Add((document, diagnostic));
                    }
                }
                else
                {
                    var projects = fixAllContext.Scope == FixAllScope.Solution ? fixAllContext.Solution.Projects : new[] { fixAllContext.Project };
                    foreach (var project in projects)
                    {
                        foreach (var diagnostic in await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
                        {
                            if (project.GetDocument(diagnostic.Location.SourceTree) is { } inDocument)
                            {
                                seeds.Add((inDocument, diagnostic));
                            }
                        }
                    }
                }

                if (seeds.Count == 0)
                {
                    return null;
                }

                var solution = fixAllContext.Solution;
                return CodeAction.Create(
                    "Make async and update callers",
                    ct => AsyncAllTheWay.FixAsync(solution, seeds.OrderBy(s => s.Item2.Location.SourceSpan.Start), ct),
                    fixAllContext.CodeActionEquivalenceKey);
            }
        }
    }
}
