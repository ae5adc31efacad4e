using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Benchmarks
{
    /// <summary>
    /// Compiles a generated corpus and runs every AsyncRules analyzer over it with Roslyn's own execution-time telemetry.
    /// Prints: lines of code, compile time, analyzer time in total and per rule (median and spread over the repetitions),
    /// analyzer time per 100k lines and as a share of compile time, and found/seeded per rule.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            var files = args.Length > 0 && int.TryParse(args[0], out var f) && f > 0 ? f : 400;
            var repetitions = args.Length > 1 && int.TryParse(args[1], out var r) && r > 0 ? r : 5;
            if (args.Any(a => a is "-h" or "--help"))
            {
                Console.WriteLine("usage: AsyncRules.Benchmarks [files=400] [repetitions=5]");
                return 0;
            }

            var sources = Corpus.Generate(files, methodsPerFile: 40, seed: 444, out var seeded);
            var lines = sources.Sum(s => s.Text.Count(c => c == '\n'));
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => MetadataReference.CreateFromFile(p)).ToList();
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, path: s.Name)).ToList();
            var analyzers = typeof(ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

            Console.WriteLine($"AsyncRules benchmark: {files} files, {lines:N0} lines, {analyzers.Length} analyzers, {repetitions} repetitions, {Environment.ProcessorCount} cores, Roslyn {typeof(Compilation).Assembly.GetName().Version}");
            var compileTimes = new List<double>();
            var analyzerTotals = new List<double>();
            var perAnalyzer = analyzers.ToDictionary(a => a, _ => new List<double>());
            ImmutableArray<Diagnostic> found = default;
            for (var i = 0; i < repetitions + 1; i++)
            {
                var compilation = CSharpCompilation.Create("Corpus", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
                var clock = Stopwatch.StartNew();
                var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                var compile = clock.Elapsed.TotalMilliseconds;
                if (errors > 0)
                {
                    Console.Error.WriteLine($"error: the generated corpus does not compile ({errors} errors): the benchmark would measure nothing real.");
                    return 1;
                }

                var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
                var result = await withAnalyzers.GetAnalysisResultAsync(default);
                if (i == 0)
                {
                    found = result.GetAllDiagnostics();
                    continue; // warm-up: JIT and caches
                }

                compileTimes.Add(compile);
                analyzerTotals.Add(result.AnalyzerTelemetryInfo.Values.Sum(t => t.ExecutionTime.TotalMilliseconds));
                foreach (var (analyzer, telemetry) in result.AnalyzerTelemetryInfo)
                {
                    perAnalyzer[analyzer].Add(telemetry.ExecutionTime.TotalMilliseconds);
                }
            }

            var compileMedian = Median(compileTimes);
            var totalMedian = Median(analyzerTotals);
            Console.WriteLine();
            Console.WriteLine($"| measure | median | spread (min-max) |");
            Console.WriteLine($"|---|---|---|");
            Console.WriteLine($"| compile (GetDiagnostics) | {compileMedian:N0} ms | {compileTimes.Min():N0}-{compileTimes.Max():N0} ms |");
            Console.WriteLine($"| AsyncRules, all analyzers (CPU time, summed) | {totalMedian:N0} ms | {analyzerTotals.Min():N0}-{analyzerTotals.Max():N0} ms |");
            Console.WriteLine($"| AsyncRules per 100k lines | {totalMedian * 100_000 / lines:N0} ms | |");
            Console.WriteLine($"| AsyncRules / compile | {100 * totalMedian / compileMedian:N1} % | |");
            Console.WriteLine();
            Console.WriteLine("| analyzer | median ms | spread ms | found / seeded |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (analyzer, times) in perAnalyzer.OrderByDescending(p => Median(p.Value)))
            {
                var id = analyzer.SupportedDiagnostics[0].Id;
                var count = found.Count(d => d.Id == id);
                var seededText = seeded.TryGetValue(id, out var s) ? s.ToString() : "-";
                Console.WriteLine($"| {analyzer.GetType().Name} | {Median(times):N1} | {times.Min():N1}-{times.Max():N1} | {count} / {seededText} |");
            }

            return 0;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
