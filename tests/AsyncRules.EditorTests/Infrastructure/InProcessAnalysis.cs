using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.EditorTests.Infrastructure
{
    /// <summary>
    /// csharp-ls 0.28.0 does not surface an analyzer's exception: AD0001 has no source location, so its document pull drops
    /// it, its workspace pull drops it, and it logs nothing (CanaryTests shows both). So each text the editor tests hand the
    /// server is also run here through the same analyzers, with an exception handler that records every throw. That is the
    /// "no analyzer throws" check; the server's own answers and messages are checked as well, in case a later version does
    /// report them.
    /// </summary>
    public sealed class InProcessAnalysis
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
            ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray());

        private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;

        public InProcessAnalysis(ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            this.analyzers = analyzers;
        }

        /// <summary>Every DiagnosticAnalyzer in AsyncRules.Analyzers.dll (the assembly the workspace's copy was made from).</summary>
        public static InProcessAnalysis AsyncRules()
            => new(AnalyzersIn(Assembly.Load("AsyncRules.Analyzers")));

        public static ImmutableArray<DiagnosticAnalyzer> AnalyzersIn(Assembly assembly)
            => assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any())
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t, nonPublic: true)!)
                .ToImmutableArray();

        /// <summary>
        /// Analyzes the project in <paramref name="projectDirectory"/> with <paramref name="path"/>'s text replaced by
        /// <paramref name="text"/>. Returns each analyzer exception (and each AD0001) as text; empty when none threw.
        /// </summary>
        public async Task<IReadOnlyList<string>> FailuresAsync(string projectDirectory, string path, string text)
        {
            var trees = Directory.GetFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => CSharpSyntaxTree.ParseText(
                    string.Equals(Path.GetFullPath(f), Path.GetFullPath(path), StringComparison.Ordinal) ? text : File.ReadAllText(f),
                    new CSharpParseOptions(LanguageVersion.Latest),
                    f))
                .ToList();
            var compilation = CSharpCompilation.Create(
                "InEditor",
                trees,
                Framework.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var failures = new ConcurrentQueue<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => failures.Enqueue($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{exception.StackTrace}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Enqueue(diagnostic.ToString());
            }

            return failures.ToList();
        }
    }
}
