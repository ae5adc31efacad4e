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
            Console.WriteLine("Wall times, one thread (concurrentAnalysis off), after one warm-up run; each repetition starts from a fresh compilation.");
            CSharpCompilation Fresh() => CSharpCompilation.Create("Corpus", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            // The baseline is the compilation run through the analyzer driver with an analyzer whose operation action does
            // nothing: a build with the SDK's own analyzers (on by default) pays that, so AsyncRules' cost is what it adds on top.
            var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());
            var compileTimes = new List<double>();
            var baselineTimes = new List<double>();
            var withAllTimes = new List<double>();
            var perAnalyzer = analyzers.ToDictionary(a => a, _ => new List<double>());
            ImmutableArray<Diagnostic> found = default;
            for (var i = 0; i < repetitions + 1; i++)
            {
                var compilation = Fresh();
                var clock = Stopwatch.StartNew();
                var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                var compile = clock.Elapsed.TotalMilliseconds;
                if (errors > 0)
                {
                    Console.Error.WriteLine($"error: the generated corpus does not compile ({errors} errors): the benchmark would measure nothing real.");
                    return 1;
                }

                clock.Restart();
                await Analyze(Fresh(), baseline);
                var driver = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var all = await Analyze(Fresh(), analyzers);
                var withAll = clock.Elapsed.TotalMilliseconds;
                if (i == 0)
                {
                    found = all;
                    continue; // warm-up: JIT and caches
                }

                compileTimes.Add(compile);
                baselineTimes.Add(driver);
                withAllTimes.Add(withAll - driver);
                foreach (var analyzer in analyzers)
                {
                    clock.Restart();
                    await Analyze(Fresh(), ImmutableArray.Create(analyzer));
                    perAnalyzer[analyzer].Add(clock.Elapsed.TotalMilliseconds - driver);
                }
            }

            var compileMedian = Median(compileTimes);
            var added = withAllTimes;
            var addedMedian = Median(added);
            Console.WriteLine();
            Console.WriteLine("| measure | median | spread (min-max) |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| compile alone | {compileMedian:N0} ms | {compileTimes.Min():N0}-{compileTimes.Max():N0} ms |");
            Console.WriteLine($"| compile through the analyzer driver, no-op operation analyzer (baseline) | {Median(baselineTimes):N0} ms | {baselineTimes.Min():N0}-{baselineTimes.Max():N0} ms |");
            Console.WriteLine($"| added by all AsyncRules analyzers over the baseline | {addedMedian:N0} ms ({100 * addedMedian / compileMedian:N1} % of compile) | {added.Min():N0}-{added.Max():N0} ms |");
            Console.WriteLine($"| added per 100k lines | {addedMedian * 100_000 / lines:N0} ms | |");
            Console.WriteLine();
            Console.WriteLine("| analyzer (alone) | added ms, median | spread ms | found / seeded |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (analyzer, times) in perAnalyzer.OrderByDescending(p => Median(p.Value)))
            {
                var id = analyzer.SupportedDiagnostics[0].Id;
                var count = found.Count(d => d.Id == id);
                var seededText = seeded.TryGetValue(id, out var s) ? s.ToString() : "-";
                Console.WriteLine($"| {analyzer.GetType().Name} | {Median(times):N0} | {times.Min():N0}-{times.Max():N0} | {count} / {seededText} |");
            }

            return 0;
        }

        /// <summary>Does nothing with what it is given: the baseline cost of the analyzer driver and of building operation trees.</summary>
#pragma warning disable RS1001, RS1036 // an in-process baseline, never loaded by a host
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class EmptyAnalyzer : DiagnosticAnalyzer
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

                // A no-op operation action: it makes the driver build the operation trees, as the SDK's own analyzers do
                // in every build, so the difference measured is AsyncRules' own work.
                context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
            }
        }
#pragma warning restore RS1001, RS1036

        /// <summary>Compilation diagnostics and analyzer diagnostics together, as a build computes them.</summary>
        private static async Task<ImmutableArray<Diagnostic>> Analyze(CSharpCompilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
            return await withAnalyzers.GetAllDiagnosticsAsync(default);
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}
