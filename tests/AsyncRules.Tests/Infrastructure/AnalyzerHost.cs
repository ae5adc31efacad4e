using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// Runs AsyncRules the way a host does, outside the testing library: a workspace project of given sources, every
    /// analyzer over it with analyzer exceptions captured (what a build shows as AD0001), and code fixes applied one
    /// after another until none is left.
    /// </summary>
    internal sealed class AnalyzerHost : IDisposable
    {
        private readonly AdhocWorkspace workspace = new();
        private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;
        private readonly ImmutableArray<CodeFixProvider> codeFixes;

        /// <param name="sources">The project's documents.</param>
        /// <param name="outputKind">Library by default; the samples are a console application.</param>
        /// <param name="extraAnalyzers">Run next to every AsyncRules analyzer (the canaries of the robustness tests).</param>
        /// <param name="extraCodeFixes">Offered next to every AsyncRules code fix.</param>
        /// <param name="mainTypeName">The entry point's type, when the sources hold more than one Main (the samples do).</param>
        public AnalyzerHost(
            IEnumerable<(string Name, string Text)> sources,
            OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
            IEnumerable<DiagnosticAnalyzer>? extraAnalyzers = null,
            IEnumerable<CodeFixProvider>? extraCodeFixes = null,
            string? mainTypeName = null)
        {
            analyzers = AllRules.RulesAndSuppressors().AddRange(extraAnalyzers ?? Enumerable.Empty<DiagnosticAnalyzer>());
            codeFixes = AllRules.CodeFixes().AddRange(extraCodeFixes ?? Enumerable.Empty<CodeFixProvider>());
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Host", "Host", LanguageNames.CSharp)
                    .WithCompilationOptions(new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, mainTypeName: mainTypeName))
                    .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                    .WithMetadataReferences(TestReferences.All));
            foreach (var (name, text) in sources)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: "/" + name);
            }

            Project = solution.GetProject(projectId)!;
        }

        public Project Project { get; private set; }

        /// <summary>Exceptions analyzers threw; each would be an AD0001 warning and a disabled analyzer in a user's build.</summary>
        public ConcurrentBag<string> AnalyzerExceptions { get; } = new();

        /// <summary>
        /// Gives the document named <paramref name="name"/> a new text. The compilation is then derived from the previous one
        /// (the references stay bound), which is much cheaper than a new host per variant.
        /// </summary>
        public void SetText(string name, string text)
        {
            var document = Project.Documents.Single(d => d.Name == name);
            Project = Project.Solution.WithDocumentText(document.Id, SourceText.From(text)).GetProject(Project.Id)!;
        }

        /// <summary>Makes <paramref name="solution"/> (the result of a fix) the host's current state.</summary>
        public void Apply(Solution solution) => Project = solution.GetProject(Project.Id)!;

        /// <summary>What AsyncRules offers fixes for: its analyzers' diagnostics and the compiler diagnostics one of its fixers handles.</summary>
        public async Task<ImmutableArray<Diagnostic>> GetFixableDiagnosticsAsync(CancellationToken cancellationToken = default)
        {
            var compilerFixable = new HashSet<string>(codeFixes.SelectMany(f => f.FixableDiagnosticIds).Where(id => id.StartsWith("CS", StringComparison.Ordinal)));
            var compiler = (await GetCompilerDiagnosticsAsync().ConfigureAwait(false)).Where(d => compilerFixable.Contains(d.Id));
            return (await GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false)).Concat(compiler).ToImmutableArray();
        }

        public async Task<ImmutableArray<Diagnostic>> GetCompilerDiagnosticsAsync()
        {
            var compilation = (await Project.GetCompilationAsync().ConfigureAwait(false))!;
            return compilation.GetDiagnostics();
        }

        public async Task<ImmutableArray<Diagnostic>> GetAnalyzerDiagnosticsAsync(CancellationToken cancellationToken = default)
        {
            var compilation = (await Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) => AnalyzerExceptions.Add($"{analyzer.GetType().Name}: {exception}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                AnalyzerExceptions.Add(diagnostic.GetMessage());
            }

            return diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray();
        }

        /// <summary>
        /// Applies the first offered fix for the first fixable diagnostic, again and again, like a user pressing the light
        /// bulb until it is gone. Returns how many fixes were applied. Exceptions from fixers propagate (the test fails).
        /// </summary>
        public async Task<int> ApplyAllFixesAsync(int maxFixes = 200, CancellationToken cancellationToken = default)
        {
            var applied = 0;
            var unfixable = new HashSet<(string, string, int)>();
            var compilerFixable = new HashSet<string>(codeFixes.SelectMany(f => f.FixableDiagnosticIds).Where(id => id.StartsWith("CS", StringComparison.Ordinal)));
            while (applied < maxFixes)
            {
                var compilerDiagnostics = (await GetCompilerDiagnosticsAsync().ConfigureAwait(false)).Where(d => compilerFixable.Contains(d.Id));
                var diagnostics = (await GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false)).Concat(compilerDiagnostics).ToImmutableArray();
                var action = default(CodeAction);
                foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start))
                {
                    var key = (diagnostic.Id, diagnostic.Location.SourceTree?.FilePath ?? string.Empty, diagnostic.Location.SourceSpan.Start);
                    if (unfixable.Contains(key))
                    {
                        continue;
                    }

                    action = await FirstFixAsync(diagnostic, cancellationToken).ConfigureAwait(false);
                    if (action is not null)
                    {
                        break;
                    }

                    unfixable.Add(key);
                }

                if (action is null)
                {
                    return applied;
                }

                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                Project = changed.GetProject(Project.Id)!;
                applied++;
            }

            throw new InvalidOperationException($"Fixes did not converge after {maxFixes} applications.");
        }

        /// <summary>Every code action the fixers offer for <paramref name="diagnostic"/> (registration exceptions propagate).</summary>
        public async Task<ImmutableArray<CodeAction>> GetFixesAsync(Diagnostic diagnostic, CancellationToken cancellationToken = default)
        {
            var document = Project.GetDocument(diagnostic.Location.SourceTree!);
            if (document is null)
            {
                return ImmutableArray<CodeAction>.Empty;
            }

            var actions = ImmutableArray.CreateBuilder<CodeAction>();
            foreach (var fixer in codeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken);
                await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            }

            return actions.ToImmutable();
        }

        /// <summary>The Fix All provider of the fixer for <paramref name="diagnosticId"/>, at solution scope, over every diagnostic AsyncRules offers fixes for.</summary>
        public async Task<Solution?> FixAllInSolutionAsync(string diagnosticId, CancellationToken cancellationToken = default)
            => await FixAllAsync(diagnosticId, FixAllScope.Solution, await GetFixableDiagnosticsAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

        /// <summary>
        /// Fix All for <paramref name="diagnosticId"/> in <paramref name="scope"/>, as the light bulb's "Fix all occurrences in"
        /// runs it: the equivalence key of the first fix offered for the first of <paramref name="diagnostics"/> with that ID
        /// (in a document at the given scope), then the fixer's Fix All provider. Null when nothing is offered. Exceptions
        /// from the fixer or its provider propagate.
        /// </summary>
        public async Task<Solution?> FixAllAsync(string diagnosticId, FixAllScope scope, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken = default)
        {
            var matching = diagnostics.Where(d => d.Id == diagnosticId && d.Location.SourceTree is not null).ToImmutableArray();
            foreach (var fixer in codeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnosticId)))
            {
                var provider = fixer.GetFixAllProvider();
                if (provider is null || !provider.GetSupportedFixAllScopes().Contains(scope))
                {
                    continue;
                }

                foreach (var first in matching)
                {
                    var document = Project.GetDocument(first.Location.SourceTree!);
                    if (document is null)
                    {
                        continue;
                    }

                    var offered = ImmutableArray.CreateBuilder<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => offered.Add(a), cancellationToken)).ConfigureAwait(false);
                    if (offered.FirstOrDefault()?.EquivalenceKey is not { } key)
                    {
                        continue;
                    }

                    var context = new FixAllContext(document, fixer, scope, key, new[] { diagnosticId }, new FixedDiagnosticProvider(matching), cancellationToken);
                    var action = await provider.GetFixAsync(context).ConfigureAwait(false);
                    if (action is null)
                    {
                        return null;
                    }

                    var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                    return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                }
            }

            return null;
        }

        private async Task<CodeAction?> FirstFixAsync(Diagnostic diagnostic, CancellationToken cancellationToken)
            => (await GetFixesAsync(diagnostic, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

        public void Dispose() => workspace.Dispose();

        private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> diagnostics;

            public FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) => this.diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
        }
    }
}
