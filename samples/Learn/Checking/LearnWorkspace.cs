using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncRules.Learn.Checking
{
    /// <summary>
    /// The broken demos' project, in memory, compiled once: a learner's file replaces its exercise's document in a fork
    /// of that solution, so a check re-binds one file, runs the analyzers on it, and never starts MSBuild. The other files
    /// are always the pristine ones from the tool, so a learner cannot change what their file is checked against.
    /// </summary>
    internal sealed class LearnWorkspace : IDisposable
    {
        private const string ProjectFolder = "samples/AsyncDemos.Broken/";
        private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(LoadFramework);
        private static readonly Lazy<(ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<CodeFixProvider> Fixes)> Rules = new(LoadRules);

        private readonly AdhocWorkspace workspace = new();
        private readonly ProjectId projectId = ProjectId.CreateNewId("AsyncDemos.Broken");
        private readonly Dictionary<string, DocumentId> documents = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DocumentId> addedDocuments = new(StringComparer.Ordinal);

        public LearnWorkspace(ExerciseSet set)
        {
            Set = set;
            var options = new CSharpCompilationOptions(
                    set.StartupObject is null ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
                    mainTypeName: set.StartupObject,
                    nullableContextOptions: NullableContextOptions.Enable,
                    reportSuppressedDiagnostics: true)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
            var solution = workspace.CurrentSolution.AddProject(
                ProjectInfo.Create(projectId, VersionStamp.Default, "AsyncDemos.Broken", "AsyncDemos.Broken", LanguageNames.CSharp)
                    .WithCompilationOptions(options)
                    .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                    .WithMetadataReferences(Framework.Value));
            foreach (var file in set.ProjectFiles.Where(f => f.Compiles))
            {
                var id = DocumentId.CreateNewId(projectId, file.RelativePath);
                documents[file.RelativePath] = id;
                solution = solution.AddDocument(id, Path.GetFileName(file.RelativePath), SourceText.From(file.Text), filePath: ProjectFolder + file.RelativePath);
            }

            BaseSolution = solution;
        }

        public ExerciseSet Set { get; }

        public Solution BaseSolution { get; }

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers => Rules.Value.Analyzers;

        /// <summary>The running .NET's own assemblies, which learners' code compiles against.</summary>
        public static ImmutableArray<MetadataReference> FrameworkReferences => Framework.Value;

        public static ImmutableArray<CodeFixProvider> CodeFixes => Rules.Value.Fixes;

        /// <summary>Compiler IDs an AsyncRules fix handles (CS4014, CS8425, ...): they count as AsyncRules diagnostics here.</summary>
        public static ImmutableHashSet<string> FixableCompilerIds { get; } =
            CodeFixes.SelectMany(f => f.FixableDiagnosticIds).Where(id => id.StartsWith("CS", StringComparison.Ordinal)).ToImmutableHashSet();

        /// <summary>Analyzer exceptions (AD0001 in a build). Never expected; shown if they happen.</summary>
        public ConcurrentBag<string> AnalyzerExceptions { get; } = new();

        /// <summary>Compiles the base project once, so the first real check is a warm one.</summary>
        public async Task WarmUpAsync(CancellationToken cancellationToken = default)
        {
            var first = Set.Exercises.FirstOrDefault();
            if (first is not null)
            {
                await AnalyzeAsync(first, first.OriginalText, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The project with <paramref name="text"/> as the exercise's file.</summary>
        public Document DocumentFor(Exercise exercise, string text)
        {
            if (exercise.Compiles)
            {
                var id = documents[exercise.File.RelativePath];
                return BaseSolution.WithDocumentText(id, SourceText.From(text)).GetDocument(id)!;
            }

            var added = addedDocuments.GetOrAdd(exercise.File.RelativePath, path => DocumentId.CreateNewId(projectId, path));
            return BaseSolution.AddDocument(added, Path.GetFileName(exercise.File.RelativePath), SourceText.From(text), filePath: ProjectFolder + exercise.File.RelativePath)
                .GetDocument(added)!;
        }

        /// <summary>The compiler's and the analyzers' view of the exercise's file (suppressed diagnostics included).</summary>
        public async Task<Analysis> AnalyzeAsync(Exercise exercise, string text, CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            var document = DocumentFor(exercise, text);
            var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var tree = (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => AnalyzerExceptions.Add($"{analyzer.GetType().Name}: {exception.Message}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: true);
            var withAnalyzers = compilation.WithAnalyzers(Analyzers, options);
            var model = withAnalyzers.Compilation.GetSemanticModel(tree);
            var compiler = model.GetDiagnostics(cancellationToken: cancellationToken);
            var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
            var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, cancellationToken).ConfigureAwait(false);
            var inFile = compiler.Concat(syntax).Concat(semantic)
                .Where(d => d.Id != "AD0001" && (d.Location.SourceTree is null || d.Location.SourceTree == tree))
                .Distinct()
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();

            // Errors the learner's file causes elsewhere: the support files (Program.cs calls each demo) and declarations.
            var support = Set.ProjectFiles.Where(f => f.Compiles && !Set.Exercises.Any(e => e.File == f))
                .Select(f => withAnalyzers.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == ProjectFolder + f.RelativePath))
                .OfType<SyntaxTree>();
            var elsewhere = support.SelectMany(t => withAnalyzers.Compilation.GetSemanticModel(t).GetDiagnostics(cancellationToken: cancellationToken))
                .Concat(withAnalyzers.Compilation.GetDeclarationDiagnostics(cancellationToken))
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree != tree)
                .Distinct()
                .ToImmutableArray();
            return new Analysis(exercise, text, document, compilation, tree, inFile, elsewhere, clock.Elapsed);
        }

        /// <summary>
        /// AsyncRules' own fix for the first fixable diagnostic of <paramref name="candidates"/> (in that order): the
        /// exercise file's new text, not applied. Null when AsyncRules offers no fix for any of them.
        /// </summary>
        public async Task<FixPreview?> PreviewFixAsync(Analysis analysis, IEnumerable<Diagnostic> candidates, CancellationToken cancellationToken = default)
        {
            foreach (var diagnostic in candidates)
            {
                var actions = new List<CodeAction>();
                foreach (var fixer in CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var context = new CodeFixContext(analysis.Document, diagnostic, (a, _) => actions.Add(a), cancellationToken);
                    await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                }

                foreach (var action in actions.SelectMany(Flatten))
                {
                    var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                    if (operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution is not { } changed)
                    {
                        continue;
                    }

                    var newText = (await changed.GetDocument(analysis.Document.Id)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                    var otherFiles = changed.GetChanges(analysis.Document.Project.Solution).GetProjectChanges()
                        .SelectMany(p => p.GetChangedDocuments())
                        .Where(id => id != analysis.Document.Id)
                        .Select(id => changed.GetDocument(id)!.Name)
                        .ToImmutableArray();
                    if (newText != analysis.Text)
                    {
                        return new FixPreview(diagnostic, action.Title, newText, otherFiles);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Applies AsyncRules' fixes to the exercise's file, one after another, like a learner taking the light bulb's
        /// first fix until none is offered: the answer key <c>dev check</c> tests.
        /// </summary>
        public async Task<(string Text, ImmutableArray<string> Applied)> FixUntilDoneAsync(Exercise exercise, string text, CancellationToken cancellationToken = default)
        {
            var applied = ImmutableArray.CreateBuilder<string>();
            for (var i = 0; i < 20; i++)
            {
                var analysis = await AnalyzeAsync(exercise, text, cancellationToken).ConfigureAwait(false);
                var preview = await PreviewFixAsync(analysis, analysis.Fixable(), cancellationToken).ConfigureAwait(false);
                if (preview is null)
                {
                    break;
                }

                applied.Add($"{preview.Diagnostic.Id}: {preview.Title}");
                text = preview.NewText;
            }

            return (text, applied.ToImmutable());
        }

        /// <summary>
        /// The assembly a run loads: the project with the exercise's file, its clock and blocking calls rewritten to
        /// <see cref="Runtime.DemoClock"/> (in the exercise file and the support files, never in the learner's file on disk).
        /// </summary>
        public async Task<byte[]> BuildForRunAsync(Analysis analysis, CancellationToken cancellationToken = default)
        {
            var compilation = (CSharpCompilation)analysis.Compilation;
            compilation = compilation
                .WithOptions(compilation.Options.WithOutputKind(OutputKind.DynamicallyLinkedLibrary).WithMainTypeName(null).WithReportSuppressedDiagnostics(false))
                .WithAssemblyName("LearnRun" + Guid.NewGuid().ToString("N"))
                .AddReferences(MetadataReference.CreateFromFile(typeof(Runtime.DemoClock).Assembly.Location));
            var exerciseTrees = new HashSet<string>(Set.Exercises.Select(e => ProjectFolder + e.File.RelativePath), StringComparer.Ordinal);

            // A run needs the exercise and the support files (the Timeline), not the other exercises: they are left out, and
            // with them the support members that name them (Program's table of demos). The support files, trimmed and
            // rewritten, are made once; a run then binds only the exercise. If that leaves an error, the whole project is built.
            if (!runSupportMade)
            {
                runSupport = MakeRunSupport(compilation.RemoveSyntaxTrees(compilation.SyntaxTrees.Where(t => exerciseTrees.Contains(t.FilePath))), cancellationToken);
                runSupportMade = true;
            }

            if (runSupport is { } support)
            {
                var alone = support.AddSyntaxTrees(analysis.Tree).WithAssemblyName("LearnRun" + Guid.NewGuid().ToString("N"));
                var bytes = await Task.Run(() => Emit(alone, analysis.Tree, new[] { analysis.Tree }, throwOnError: false, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (bytes is not null)
                {
                    return bytes;
                }
            }

            var targets = compilation.SyntaxTrees.Where(t => t == analysis.Tree || !exerciseTrees.Contains(t.FilePath));
            return (await Task.Run(() => Emit(compilation, analysis.Tree, targets, throwOnError: true, cancellationToken), cancellationToken).ConfigureAwait(false))!;
        }

        private CSharpCompilation? runSupport;
        private volatile bool runSupportMade;

        /// <summary>The support files alone, trimmed to compile without the exercises, with their clock calls rewritten; null if that fails.</summary>
        private static CSharpCompilation? MakeRunSupport(CSharpCompilation withoutExercises, CancellationToken cancellationToken)
        {
            var trimmed = Trim(withoutExercises, exercise: null, cancellationToken);
            if (trimmed is null)
            {
                return null;
            }

            foreach (var tree in trimmed.SyntaxTrees.ToList())
            {
                trimmed = trimmed.ReplaceSyntaxTree(tree, ClockRewriter.Apply(tree, ClockRewriter.Plan(trimmed.GetSemanticModel(tree), tree)));
            }

            return trimmed.GetDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error) ? null : trimmed;
        }

        /// <summary>Removes the support files' members that fail to compile without the other exercises; null if errors remain.</summary>
        private static CSharpCompilation? Trim(CSharpCompilation compilation, SyntaxTree? exercise, CancellationToken cancellationToken)
        {
            for (var pass = 0; pass < 4; pass++)
            {
                var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count == 0)
                {
                    return compilation;
                }

                if (errors.Any(e => (exercise is not null && e.Location.SourceTree == exercise) || e.Location.SourceTree is null))
                {
                    return null;
                }

                foreach (var group in errors.GroupBy(e => e.Location.SourceTree!))
                {
                    var root = group.Key.GetRoot(cancellationToken);
                    var members = group.Select(e => root.FindNode(e.Location.SourceSpan).AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>()
                            .FirstOrDefault(m => m.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax))
                        .OfType<SyntaxNode>()
                        .Distinct()
                        .ToList();
                    if (members.Count == 0)
                    {
                        return null;
                    }

                    var newRoot = root.RemoveNodes(members, SyntaxRemoveOptions.KeepNoTrivia)!;
                    compilation = compilation.ReplaceSyntaxTree(group.Key, group.Key.WithRootAndOptions(newRoot, group.Key.Options));
                }
            }

            return null;
        }

        /// <param name="targetsToRewrite">The trees whose clock calls to rewrite (the exercise's, and the support files' unless already done).</param>
        private static byte[]? Emit(CSharpCompilation compilation, SyntaxTree exercise, IEnumerable<SyntaxTree> targetsToRewrite, bool throwOnError, CancellationToken cancellationToken)
        {
            var exercisePath = exercise.FilePath;
            var targets = targetsToRewrite.ToList();
            var plans = targets.ToDictionary(t => t, t => ClockRewriter.Plan(compilation.GetSemanticModel(t), t));
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var rewritten = compilation;
                var mapping = new Dictionary<SyntaxTree, SyntaxTree>();
                foreach (var (tree, plan) in plans)
                {
                    var newTree = ClockRewriter.Apply(tree, plan);
                    mapping[newTree] = tree;
                    rewritten = rewritten.ReplaceSyntaxTree(tree, newTree);
                }

                using var stream = new MemoryStream();
                var result = rewritten.Emit(stream, cancellationToken: cancellationToken);
                if (result.Success)
                {
                    return stream.ToArray();
                }

                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (!throwOnError && errors.Any(e => e.Location.SourceTree is not { } t || !mapping.ContainsKey(t)))
                {
                    return null; // an error outside the rewritten tree: the trimmed support lacks something
                }

                if (attempt == 3 || !RevertFailedRewrites(errors, plans, mapping))
                {
                    if (!throwOnError)
                    {
                        return null;
                    }

                    throw new LearnException($"the learn tool could not build {Path.GetFileName(exercisePath)} to run it: " + string.Join("; ", errors.Take(3).Select(e => e.ToString())), 3);
                }
            }

            throw new InvalidOperationException("unreachable");
        }

        /// <summary>Drops each planned rewrite whose result holds an error (a demo's call the clock has no overload for).</summary>
        private static bool RevertFailedRewrites(List<Diagnostic> errors, Dictionary<SyntaxTree, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>> plans, Dictionary<SyntaxTree, SyntaxTree> mapping)
        {
            var reverted = false;
            foreach (var error in errors)
            {
                if (error.Location.SourceTree is not { } newTree || !mapping.TryGetValue(newTree, out var original))
                {
                    continue;
                }

                // Line of the error in the rewritten tree = line in the original (rewrites add no line breaks).
                var line = error.Location.GetLineSpan().StartLinePosition.Line;
                var plan = plans[original];
                foreach (var node in plan.Keys.Where(n => n.GetLocation().GetLineSpan().StartLinePosition.Line <= line && n.GetLocation().GetLineSpan().EndLinePosition.Line >= line).ToList())
                {
                    plan.Remove(node);
                    reverted = true;
                }
            }

            return reverted;
        }

        private static IEnumerable<CodeAction> Flatten(CodeAction action)
            => action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);

        public void Dispose() => workspace.Dispose();

        private static ImmutableArray<MetadataReference> LoadFramework()
        {
            var directory = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            var files = trusted.Where(p => string.Equals(Path.GetDirectoryName(p), directory, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
            if (files.Count == 0 && directory is not null && Directory.Exists(directory))
            {
                files = Directory.GetFiles(directory, "System*.dll").Concat(Directory.GetFiles(directory, "Microsoft*.dll")).Append(Path.Combine(directory, "netstandard.dll")).Where(File.Exists).ToList();
            }

            if (files.Count == 0)
            {
                throw new LearnException($"cannot find the .NET runtime's own assemblies (looked in '{directory}'); the learn tool compiles your code against them. Reinstall the .NET 10 runtime or SDK.", 3);
            }

            return files.OrderBy(f => f, StringComparer.Ordinal).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
        }

        private static (ImmutableArray<DiagnosticAnalyzer>, ImmutableArray<CodeFixProvider>) LoadRules()
        {
            var analyzers = typeof(AsyncRules.Analyzers.Rules.ASYNC030ThreadSleepInAsyncCodeAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var fixes = typeof(AsyncRules.CodeFixes.Rules.ASYNC030ThreadSleepInAsyncCodeFix).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            return (analyzers, fixes);
        }
    }

    /// <summary>What the compiler and the analyzers say about one text of an exercise's file.</summary>
    internal sealed record Analysis(
        Exercise Exercise,
        string Text,
        Document Document,
        Compilation Compilation,
        SyntaxTree Tree,
        ImmutableArray<Diagnostic> InFile,
        ImmutableArray<Diagnostic> ErrorsElsewhere,
        TimeSpan Took)
    {
        public static bool IsAsyncRulesId(string id) => id.StartsWith("ASYNC", StringComparison.Ordinal) || LearnWorkspace.FixableCompilerIds.Contains(id);

        /// <summary>Diagnostics an AsyncRules fix may apply to, the exercise's own first.</summary>
        public IEnumerable<Diagnostic> Fixable()
            => InFile.Where(d => !d.IsSuppressed && (IsAsyncRulesId(d.Id) || d.Severity == DiagnosticSeverity.Error) && LearnWorkspace.CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(d.Id)))
                .OrderBy(d => Exercise.Ids.Contains(d.Id) ? 0 : 1)
                .ThenBy(d => d.Location.SourceSpan.Start);
    }

    /// <summary>AsyncRules' fix for one diagnostic: the whole file after it, not applied.</summary>
    internal sealed record FixPreview(Diagnostic Diagnostic, string Title, string NewText, ImmutableArray<string> OtherFilesChanged);
}
