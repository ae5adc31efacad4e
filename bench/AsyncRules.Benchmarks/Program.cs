using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
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
    /// Compiles a generated corpus and runs, each on a fresh compilation of the same syntax trees in this one process: no
    /// analyzers (compile and emit), AsyncRules, and its peers loaded from their NuGet packages. Analyzer times come from
    /// Roslyn's own execution-time telemetry (<see cref="CompilationWithAnalyzers.GetAnalyzerTelemetryInfoAsync"/>). Prints
    /// markdown tables: packages, AsyncRules per rule, the peers per analyzer, and found/seeded per seeded category.
    /// </summary>
    internal static class Program
    {
        private const string Usage = "usage: dotnet run -c Release --project bench/AsyncRules.Benchmarks -- [thousands of lines=200] [repetitions=3] [--list] [--every-analyzer]";

        private static async Task<int> Main(string[] args)
        {
            if (args.Any(a => a is "-h" or "--help"))
            {
                Console.WriteLine(Usage);
                Console.WriteLine();
                Console.WriteLine(RealProjects.Usage);
                return 0;
            }

            if (args.Any(a => a is "--real" or "--report"))
            {
                return await RealProjects.RunAsync(args);
            }

            var numbers = args.Where(a => !a.StartsWith("-", StringComparison.Ordinal)).ToList();
            var thousands = numbers.Count > 0 && int.TryParse(numbers[0], out var k) && k > 0 ? k : 200;
            var repetitions = numbers.Count > 1 && int.TryParse(numbers[1], out var r) && r > 0 ? r : 3;

            var packages = new List<Package> { Package.AsyncRules() };
            foreach (var peer in Peers.All)
            {
                var loaded = peer.Load();
                if (loaded is null)
                {
                    Console.Error.WriteLine($"error: {peer.Name} is not in the NuGet package folder; run `dotnet restore bench/AsyncRules.Benchmarks` (it downloads the peers).");
                    return 1;
                }

                packages.Add(loaded);
            }

            if (args.Contains("--list"))
            {
                foreach (var package in packages)
                {
                    foreach (var analyzer in package.Analyzers)
                    {
                        foreach (var d in analyzer.SupportedDiagnostics)
                        {
                            Console.WriteLine($"{package.Name}\t{analyzer.GetType().Name}\t{d.Id}\t{d.DefaultSeverity}\t{(d.IsEnabledByDefault ? "on" : "off")}\t{d.Title}");
                        }
                    }
                }

                return 0;
            }

            var corpus = Corpus.Generate(thousands * 1000);
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = corpus.Files.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, path: s.Name)).ToImmutableArray();
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release);
            CSharpCompilation Fresh(IEnumerable<SyntaxTree> of, IEnumerable<Package>? with = null) => CSharpCompilation.Create("Corpus", of, references,
                with is null ? options : options.WithSpecificDiagnosticOptions(with.SelectMany(p => p.SwitchedOn).Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn))));

            var errors = Fresh(trees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                Console.Error.WriteLine($"error: the generated corpus does not compile ({errors.Count} errors, first: {errors[0]}): the benchmark would measure nothing real.");
                return 1;
            }

            Console.WriteLine($"AsyncRules benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}");
            Console.WriteLine($"Corpus: {corpus.Files.Count} files, {corpus.Lines:N0} lines, {corpus.Seeded.Count} seeded mistakes; {repetitions} repetitions after a warm-up on a slice.");
            Console.WriteLine("Per repetition: compile (bind and emit to memory, no analyzers) a fresh compilation of the syntax trees; then, for each package alone,");
            Console.WriteLine("an analyzer pass over another fresh compilation of the same trees, on one thread (concurrentAnalysis off) so the times add up.");
            Console.WriteLine("Each package alone, because the first analyzer to ask for a method's semantics pays for binding it: measured together, the");
            Console.WriteLine("packages would share (and shift) that cost.");
            Console.WriteLine("Analyzer times are Roslyn's execution-time telemetry (logAnalyzerExecutionTime), summed per package.");
            Console.WriteLine($"Peer rules behind the seeded categories are switched on even where off by default: {string.Join(", ", packages.SelectMany(p => p.SwitchedOn).Distinct().OrderBy(x => x))}.");
            Console.WriteLine();

            // Warm-up on a slice: JIT and the analyzers' caches, without the cost of a full run.
            var slice = trees.Take(Math.Max(1, trees.Length / 20)).ToList();
            Fresh(slice).Emit(Stream.Null);
            foreach (var package in packages)
            {
                await Analyze(Fresh(slice, new[] { package }), new[] { package });
            }

            foreach (var package in packages)
            {
                package.Runs.Clear();
                package.Exceptions.Clear();
            }

            var compileTimes = new List<double>();
            var clockAll = Stopwatch.StartNew();
            for (var i = 0; i < repetitions; i++)
            {
                var clock = Stopwatch.StartNew();
                var emitted = Fresh(trees).Emit(Stream.Null);
                compileTimes.Add(clock.Elapsed.TotalMilliseconds);
                if (!emitted.Success)
                {
                    Console.Error.WriteLine("error: the corpus did not emit.");
                    return 1;
                }

                var walls = new List<string>();
                foreach (var package in packages)
                {
                    var wall = await Analyze(Fresh(trees, new[] { package }), new[] { package });
                    walls.Add($"{package.Name} {package.Runs[^1].Total:N0} ms ({wall:N0} ms wall, binding included)");
                }

                Console.Error.WriteLine($"repetition {i + 1}/{repetitions} at {clockAll.Elapsed.TotalSeconds:N0} s: compile {compileTimes[^1]:N0} ms; " + string.Join("; ", walls));
            }

            Report(corpus, packages, compileTimes, everyAnalyzer: args.Contains("--every-analyzer"));
            var thrown = packages.Where(p => !p.Exceptions.IsEmpty).ToList();
            foreach (var package in thrown)
            {
                Console.WriteLine($"{package.Name}: {package.Exceptions.Count} analyzer exceptions (AD0001), first: {package.Exceptions.First()}");
            }

            return 0;
        }

        /// <summary>One analyzer pass with the packages' analyzers; each package gets its run (telemetry per analyzer, its diagnostics). Returns the wall time.</summary>
        private static async Task<double> Analyze(CSharpCompilation compilation, IReadOnlyList<Package> packages)
        {
            var owner = packages.SelectMany(p => p.Analyzers.Select(a => (Analyzer: a, Package: p))).ToDictionary(x => x.Analyzer, x => x.Package);
            var withAnalyzers = compilation.WithAnalyzers(owner.Keys.ToImmutableArray(), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => owner[analyzer].Exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false));
            var clock = Stopwatch.StartNew();
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(default);
            var wall = clock.Elapsed.TotalMilliseconds;
            foreach (var package in packages)
            {
                var perAnalyzer = new Dictionary<DiagnosticAnalyzer, double>();
                foreach (var analyzer in package.Analyzers)
                {
                    perAnalyzer[analyzer] = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime.TotalMilliseconds;
                }

                package.Runs.Add(new Run(perAnalyzer, diagnostics.Where(d => package.Ids.Contains(d.Id)).ToImmutableArray()));
            }

            return wall;
        }

        private static void Report(GeneratedCorpus corpus, List<Package> packages, List<double> compileTimes, bool everyAnalyzer)
        {
            var compile = Median(compileTimes);
            var per100k = 100_000.0 / corpus.Lines;
            var ours = packages[0];
            var oursTotal = Median(ours.Runs.Select(t => t.Total));

            Console.WriteLine("| package | analyzers | analyzer time, median (min-max) | per 100k lines | share of compile | AsyncRules / this | diagnostics |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine($"| no analyzers: compile + emit | - | {compile:N0} ms ({compileTimes.Min():N0}-{compileTimes.Max():N0}) | {compile * per100k:N0} ms | 100 % | - | - |");
            foreach (var package in packages)
            {
                Row(package.Name, package.Analyzers.Length, package.Runs.Select(t => t.Total).ToList(), package.Runs[^1].Diagnostics.Length);
                if (package.Mapped.Length > 0 && package.Mapped.Length < package.Analyzers.Length)
                {
                    var subset = package.Mapped.ToHashSet();
                    var times = package.Runs.Select(t => t.PerAnalyzer.Where(p => subset.Contains(p.Key)).Sum(p => p.Value)).ToList();
                    var ids = package.Map.Keys.ToHashSet();
                    Row($"{package.Name}, only its analyzers behind the mapped IDs", subset.Count, times, package.Runs[^1].Diagnostics.Count(d => ids.Contains(d.Id)));
                }
            }

            void Row(string name, int analyzers, List<double> times, int diagnostics)
            {
                var median = Median(times);
                var ratio = name == ours.Name ? "1.00x" : median > 0 ? $"{oursTotal / median:N2}x" : "-";
                Console.WriteLine($"| {name} | {analyzers} | {median:N0} ms ({times.Min():N0}-{times.Max():N0}) | {median * per100k:N0} ms | {100 * median / compile:N1} % | {ratio} | {diagnostics:N0} |");
            }

            Console.WriteLine();
            Console.WriteLine("AsyncRules per rule (one analyzer class per rule):");
            Console.WriteLine();
            Console.WriteLine("| rule | analyzer | time, median (min-max) | share of AsyncRules | share of compile |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var analyzer in ours.Analyzers.OrderByDescending(a => Median(ours.Runs.Select(t => t.PerAnalyzer[a]))))
            {
                var times = ours.Runs.Select(t => t.PerAnalyzer[analyzer]).ToList();
                var median = Median(times);
                Console.WriteLine($"| {string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())} | {analyzer.GetType().Name} | {median:N0} ms ({times.Min():N0}-{times.Max():N0}) | {100 * median / Math.Max(oursTotal, 0.001):N1} % | {100 * median / compile:N2} % |");
            }

            Console.WriteLine();
            Console.WriteLine(everyAnalyzer
                ? "Peers per analyzer class, every class:"
                : "Peers per analyzer class: the classes behind the IDs mapped to a seeded category, then the rest together (--every-analyzer lists them all):");
            Console.WriteLine();
            Console.WriteLine($"| package | analyzer | {(everyAnalyzer ? "IDs" : "mapped IDs")} | time, median (min-max) |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var package in packages.Skip(1))
            {
                var listed = everyAnalyzer ? package.Analyzers : package.Mapped;
                foreach (var analyzer in listed.OrderByDescending(a => Median(package.Runs.Select(t => t.PerAnalyzer[a]))))
                {
                    var times = package.Runs.Select(t => t.PerAnalyzer[analyzer]).ToList();
                    var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Where(id => everyAnalyzer || package.Map.ContainsKey(id)).Distinct();
                    Console.WriteLine($"| {package.Name} | {analyzer.GetType().Name} | {string.Join(", ", ids)} | {Median(times):N0} ms ({times.Min():N0}-{times.Max():N0}) |");
                }

                var rest = package.Analyzers.Except(listed).ToHashSet();
                if (rest.Count > 0)
                {
                    var times = package.Runs.Select(t => t.PerAnalyzer.Where(p => rest.Contains(p.Key)).Sum(p => p.Value)).ToList();
                    Console.WriteLine($"| {package.Name} | the other {rest.Count} analyzers | - | {Median(times):N0} ms ({times.Min():N0}-{times.Max():N0}) |");
                }
            }

            Console.WriteLine();
            Console.WriteLine("Found / seeded: a seeded mistake is found when the package reports, on its line, an ID mapped to its category.");
            Console.WriteLine("'elsewhere' counts the package's diagnostics of mapped IDs on no seeded line of their category (false positives, or real");
            Console.WriteLine("findings in code the generator meant as correct). '-': the package has no rule for the category.");
            Console.WriteLine();
            Console.WriteLine("| category | seeded | " + string.Join(" | ", packages.Select(p => p.Name)) + " |");
            Console.WriteLine("|---|---|" + string.Concat(packages.Select(_ => "---|")));
            var seededLines = corpus.Seeded.ToLookup(s => s.Category, s => (s.File, s.Line));
            foreach (var category in Corpus.Categories)
            {
                var spots = seededLines[category].ToHashSet();
                var cells = packages.Select(p =>
                {
                    var ids = p.Map.Where(m => m.Value.Contains(category)).Select(m => m.Key).ToHashSet();
                    if (ids.Count == 0)
                    {
                        return "-";
                    }

                    var hit = p.Runs[^1].Diagnostics.Where(d => ids.Contains(d.Id)).Select(Spot).ToHashSet();
                    return $"{spots.Count(hit.Contains)} / {spots.Count}";
                });
                Console.WriteLine($"| {category} | {spots.Count} | {string.Join(" | ", cells)} |");
            }

            var elsewhere = packages.Select(p => p.Runs[^1].Diagnostics
                .Where(d => p.Map.TryGetValue(d.Id, out var categories) && !categories.Any(c => seededLines[c].Contains(Spot(d))))
                .GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToList());
            Console.WriteLine($"| elsewhere | - | {string.Join(" | ", elsewhere.Select(e => e.Count == 0 ? "0" : $"{e.Sum(g => g.Count())} ({string.Join(", ", e.Select(g => $"{g.Key} {g.Count()}"))})"))} |");
            var all = packages.Select(p =>
            {
                var found = corpus.Seeded.Count(s => p.Runs[^1].Diagnostics.Any(d => p.Map.TryGetValue(d.Id, out var c) && c.Contains(s.Category) && Spot(d) == (s.File, s.Line)));
                return $"{found} / {corpus.Seeded.Count} ({100.0 * found / corpus.Seeded.Count:N1} %)";
            });
            Console.WriteLine($"| all | {corpus.Seeded.Count} | {string.Join(" | ", all)} |");
        }

        private static (string File, int Line) Spot(Diagnostic d)
            => (d.Location.SourceTree?.FilePath ?? string.Empty, d.Location.GetLineSpan().StartLinePosition.Line);

        internal static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        /// <summary>A package's share of one analyzer pass: each of its analyzers' telemetry time, and its diagnostics.</summary>
        internal sealed record Run(Dictionary<DiagnosticAnalyzer, double> PerAnalyzer, ImmutableArray<Diagnostic> Diagnostics)
        {
            public double Total => PerAnalyzer.Values.Sum();
        }

        /// <summary>
        /// An analyzer package measured: its C# analyzers, and which of its IDs count for which seeded categories (ours map
        /// to themselves). <see cref="SwitchedOn"/> are the mapped IDs, enabled even when the package ships them off.
        /// </summary>
        internal sealed class Package
        {
            public Package(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlyDictionary<string, string[]> map)
            {
                Name = name;
                Analyzers = analyzers;
                Map = map;
                Mapped = analyzers.Where(a => a.SupportedDiagnostics.Any(d => map.ContainsKey(d.Id))).ToImmutableArray();
                Ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
                SwitchedOn = analyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => map.ContainsKey(d.Id) && !d.IsEnabledByDefault).Select(d => d.Id).Distinct().ToImmutableArray();
            }

            public string Name { get; }

            public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

            public IReadOnlyDictionary<string, string[]> Map { get; }

            public ImmutableArray<DiagnosticAnalyzer> Mapped { get; }

            public ImmutableArray<string> SwitchedOn { get; }

            public ImmutableHashSet<string> Ids { get; }

            public List<Run> Runs { get; } = new();

            public ConcurrentBag<string> Exceptions { get; } = new();

            /// <summary>Every AsyncRules analyzer, found by reflection (a rule added later is measured without a change here).</summary>
            public static Package AsyncRules()
            {
                var analyzers = typeof(ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.GetTypes()
                    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                    .OrderBy(t => t.Name, StringComparer.Ordinal)
                    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
                var map = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToDictionary(id => id, id => new[] { id });
                var version = typeof(ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.GetName().Version;
                return new Package($"AsyncRules {version?.ToString(3)}", analyzers, map);
            }
        }

        /// <summary>
        /// The peers: the closest analyzer packages on NuGet, downloaded by the project (PackageDownload) and loaded from the
        /// package folder with <see cref="AnalyzerFileReference"/>, C# analyzers only. The maps say which of their IDs cover
        /// which seeded category; they come from the peers' rule documentation and their DLLs' SupportedDiagnostics
        /// (print those with --list).
        /// </summary>
        /// <remarks>
        /// <paramref name="Only"/>, when given, keeps only the package's analyzers behind those IDs (the SDK's analyzers are
        /// hundreds; its async rules are the peer). <paramref name="Locate"/>, when given, finds the package folder and
        /// version instead of the NuGet package folder (the SDK's own analyzers, as a build uses them).
        /// </remarks>
        internal sealed record Peers(string Name, string Id, string Version, Func<string, IEnumerable<string>> Dlls, IReadOnlyDictionary<string, string[]> Map,
            string[]? Only = null, Func<(string Root, string Version)?>? Locate = null)
        {
            public static readonly Peers[] All =
            {
                new("VS Threading", "microsoft.visualstudio.threading.analyzers", "18.12.1",
                    root => Directory.GetFiles(Path.Combine(root, "analyzers", "cs"), "*.dll").Where(p => !p.EndsWith(".CodeFixes.dll", StringComparison.Ordinal)),
                    new Dictionary<string, string[]>
                    {
                        ["VSTHRD002"] = new[] { "ASYNC010", "ASYNC011" }, // synchronous waits, in any code
                        ["VSTHRD103"] = new[] { "ASYNC010", "ASYNC030", "ASYNC031", "ASYNC020" }, // sync member called in an async method
                        ["VSTHRD100"] = new[] { "ASYNC001" }, // async void method
                        ["VSTHRD101"] = new[] { "ASYNC002" }, // async delegate to a void-returning delegate
                        ["VSTHRD110"] = new[] { "ASYNC003", "ASYNC022" }, // result of an async call not observed
                        ["VSTHRD114"] = new[] { "ASYNC005" }, // null returned from a Task method
                        ["VSTHRD105"] = new[] { "ASYNC004" }, // StartNew with the ambient scheduler
                    }),
                new("Meziantou", "meziantou.analyzer", "3.0.341",
                    root => NewestRoslynFolder(Path.Combine(root, "analyzers", "dotnet")) is { } folder ? new[] { Path.Combine(folder, "cs", "Meziantou.Analyzer.dll") } : Array.Empty<string>(),
                    new Dictionary<string, string[]>
                    {
                        ["MA0042"] = new[] { "ASYNC010", "ASYNC030", "ASYNC031", "ASYNC020" }, // blocking call in an async method
                        ["MA0045"] = new[] { "ASYNC011" }, // blocking call in a sync method
                        ["MA0040"] = new[] { "ASYNC040", "ASYNC021" }, // token not forwarded
                        ["MA0079"] = new[] { "ASYNC021" }, // token not forwarded with WithCancellation
                        ["MA0080"] = new[] { "ASYNC021" }, // token not used with WithCancellation
                        ["MA0155"] = new[] { "ASYNC001" }, // async void method
                        ["MA0147"] = new[] { "ASYNC002" }, // async void delegate
                        ["MA0134"] = new[] { "ASYNC003", "ASYNC022" }, // result of an async call not observed
                        ["MA0022"] = new[] { "ASYNC005" }, // null returned instead of Task.FromResult
                    }),
                new("AsyncFixer", "asyncfixer", "2.1.0",
                    root => new[] { Path.Combine(root, "analyzers", "dotnet", "cs", "AsyncFixer.dll") },
                    new Dictionary<string, string[]>
                    {
                        ["AsyncFixer02"] = new[] { "ASYNC010", "ASYNC030", "ASYNC031", "ASYNC020" }, // blocking operation in an async method
                        ["AsyncFixer03"] = new[] { "ASYNC001", "ASYNC002" }, // fire-and-forget async void method or delegate
                        ["AsyncFixer05"] = new[] { "ASYNC004" }, // nested task downcast to the outer task
                    }),
                new("SDK CA async rules", "sdk", string.Empty,
                    root => new[] { Path.Combine(root, "Microsoft.CodeAnalysis.NetAnalyzers.dll"), Path.Combine(root, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll") },
                    new Dictionary<string, string[]>
                    {
                        ["CA1849"] = new[] { "ASYNC010", "ASYNC030", "ASYNC031", "ASYNC020" }, // blocking call where an async one exists, in an async method
                        ["CA2016"] = new[] { "ASYNC040", "ASYNC021" }, // token not forwarded
                        ["CA2012"] = Array.Empty<string>(), // ValueTask misuse: no seeded category, switched on to be measured
                    },
                    Only: new[] { "CA1849", "CA2016", "CA2012" },
                    Locate: SdkAnalyzers),
            };

            /// <summary>The .NET SDK's own analyzers (Microsoft.CodeAnalysis.NetAnalyzers), of the newest SDK beside the running runtime.</summary>
            private static (string Root, string Version)? SdkAnalyzers()
                => NewestSdk() is { } sdk && Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers") is var root && Directory.Exists(root) ? (root, Path.GetFileName(sdk)) : null;

            /// <summary>The folder of the newest .NET SDK installed beside the running runtime (dotnet/sdk/X.Y.Z), or null.</summary>
            internal static string? NewestSdk()
            {
                var dotnet = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
                var sdks = Path.Combine(dotnet, "sdk");
                return Directory.Exists(sdks)
                    ? Directory.GetDirectories(sdks)
                        .Select(d => (Path: d, Version: System.Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                        .Where(d => d.Version is not null)
                        .OrderByDescending(d => d.Version)
                        .Select(d => d.Path)
                        .FirstOrDefault()
                    : null;
            }

            public Package? Load()
            {
                var located = Locate is null ? (Path.Combine(NuGetPackageRoot(), Id, Version), Version) : Locate();
                if (located is not { } found || !Directory.Exists(found.Item1))
                {
                    return null;
                }

                var (root, version) = found;

                var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
                foreach (var dll in Dlls(root).Where(File.Exists))
                {
                    var reference = new AnalyzerFileReference(dll, new Loader());
                    reference.AnalyzerLoadFailed += (_, e) => Console.Error.WriteLine($"warning: {Path.GetFileName(dll)}: {e.ErrorCode} {e.Message}");
                    analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp)
                        .Where(a => Only is null || a.SupportedDiagnostics.Any(d => Only.Contains(d.Id))));
                }

                return analyzers.Count == 0 ? null : new Package($"{Name} {version}", analyzers.ToImmutable(), Map);
            }

            /// <summary>Meziantou ships one build per Roslyn version (analyzers/dotnet/roslynX.Y): take the newest this Roslyn can load.</summary>
            private static string? NewestRoslynFolder(string dotnet)
            {
                var running = typeof(Compilation).Assembly.GetName().Version!;
                return Directory.Exists(dotnet)
                    ? Directory.GetDirectories(dotnet, "roslyn*")
                        .Select(d => (Path: d, Version: System.Version.TryParse(Path.GetFileName(d).Substring("roslyn".Length), out var v) ? v : null))
                        .Where(d => d.Version is not null && d.Version <= running)
                        .OrderByDescending(d => d.Version)
                        .Select(d => d.Path)
                        .FirstOrDefault()
                    : null;
            }

            private static string NuGetPackageRoot()
            {
                var stamped = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
                return !string.IsNullOrEmpty(stamped) ? stamped
                    : Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env ? env
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            }
        }

        /// <summary>Loads an analyzer assembly and its dependencies from its own folder, as a compiler host does.</summary>
        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }
    }
}
