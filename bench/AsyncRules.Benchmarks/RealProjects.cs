using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncRules.Benchmarks
{
    /// <summary>
    /// The speed mode on real code (<c>--real</c>): the compilations of a real build, rebuilt in process from the command
    /// lines bench/RealCode captured, and timed as the compiler would run them: the compile without analyzers (parse, the
    /// project's source generators, bind, emit), then AsyncRules and each peer, each package alone on a fresh compilation
    /// with concurrent analysis, its time from Roslyn's execution-time telemetry. Repetitions interleave the packages in a
    /// rotated order; the report gives medians with their spread, as a share of the compile time. Every timing is a raw row
    /// (<c>--raw</c>), so a long measurement can be split into several runs and reported together (<c>--report</c>).
    /// </summary>
    internal static class RealProjects
    {
        public const string Usage =
            "usage: dotnet run -c Release --project bench/AsyncRules.Benchmarks -- --real <commandlines dir | .rsp file>... [options]\n" +
            "       dotnet run -c Release --project bench/AsyncRules.Benchmarks -- --report <raw.tsv>...\n" +
            "\n" +
            "The command lines come from a real build: bench/RealCode ... --copy --command-lines --out DIR writes DIR/commandlines.\n" +
            "options:\n" +
            "  --repetitions N      timed repetitions (default 3), after one warm-up pass on the smallest compilation\n" +
            "  --raw FILE           append every timing to FILE (tab-separated), for --report over several runs\n" +
            "  --every-rule         every rule of every package at warning (default: AsyncRules' rules at warning, the peers'\n" +
            "                       rules at their defaults plus the ones the generated-corpus benchmark switches on)\n" +
            "  --sequential         analyzers on one thread (default: concurrent, as in a build)\n" +
            "  --all-frameworks     time every captured framework of a project (default: one per project, the newest)\n" +
            "  --no-csc             do not time the SDK's command-line compiler on each compilation (a cold compile, as in a\n" +
            "                       build on this machine, without analyzers: the denominator of issue 16's build figures)\n" +
            "  --no-peers           time AsyncRules alone (a quicker run while working on one rule's speed)\n" +
            "  --asyncrules LABEL=PATH\n" +
            "                       time another build of AsyncRules beside this one, in the same run (repeatable): PATH is its\n" +
            "                       folder or its AsyncRules.Analyzers.dll, loaded in a load context of its own and timed as the\n" +
            "                       package 'AsyncRules LABEL', interleaved with the others in every repetition. The report gives\n" +
            "                       each build's total and per-rule times side by side, and each build minus the first one, paired\n" +
            "                       by repetition. Order: the --asyncrules builds as given, then this build.\n" +
            "  --label LABEL        name this build 'AsyncRules LABEL' in the tables (default: its version)";

        private const string CompileRow = "(compile)";

        /// <summary>The package name of a cold command-line compile (the SDK's csc in a new process, no analyzers).</summary>
        private const string CscRow = "(csc)";

        /// <summary>The same cold compile with AsyncRules in it.</summary>
        private const string CscOursRow = "(csc with AsyncRules)";

        public static async Task<int> RunAsync(string[] args)
        {
            var inputs = new List<string>();
            var repetitions = 3;
            string? raw = null;
            var everyRule = false;
            var concurrent = true;
            var allFrameworks = false;
            var csc = true;
            var peers = true;
            var report = false;
            var otherBuilds = new List<OtherBuild>();
            string? label = null;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--real":
                        break;
                    case "--report":
                        report = true;
                        break;
                    case "--repetitions" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
                        repetitions = n;
                        i++;
                        break;
                    case "--raw" when i + 1 < args.Length:
                        raw = Path.GetFullPath(args[++i]);
                        break;
                    case "--every-rule":
                        everyRule = true;
                        break;
                    case "--sequential":
                        concurrent = false;
                        break;
                    case "--all-frameworks":
                        allFrameworks = true;
                        break;
                    case "--no-csc":
                        csc = false;
                        break;
                    case "--no-peers":
                        peers = false;
                        break;
                    case "--label" when i + 1 < args.Length:
                        label = args[++i];
                        if (OtherBuild.LabelError(label) is { } labelError)
                        {
                            Console.Error.WriteLine($"error: --label: {labelError}");
                            return 1;
                        }

                        break;
                    case "--asyncrules":
                        if (i + 1 >= args.Length)
                        {
                            Console.Error.WriteLine($"error: --asyncrules: LABEL=PATH expected\n{Usage}");
                            return 1;
                        }

                        if (!OtherBuild.TryParse(args[++i], out var build, out var buildError))
                        {
                            Console.Error.WriteLine($"error: --asyncrules {args[i]}: {buildError}");
                            return 1;
                        }

                        if (otherBuilds.Any(b => string.Equals(b.Label, build!.Label, StringComparison.OrdinalIgnoreCase)))
                        {
                            Console.Error.WriteLine($"error: --asyncrules: the label {build!.Label} is given twice");
                            return 1;
                        }

                        otherBuilds.Add(build!);
                        break;
                    default:
                        if (args[i].StartsWith("-", StringComparison.Ordinal))
                        {
                            Console.Error.WriteLine($"error: unknown option {args[i]}\n{Usage}");
                            return 1;
                        }

                        inputs.Add(Path.GetFullPath(args[i]));
                        break;
                }
            }

            if (report)
            {
                Report(inputs.SelectMany(f => File.ReadLines(f).Skip(1).Select(RawRow.Parse)).ToList(), Console.Out);
                return 0;
            }

            var files = Select(inputs, allFrameworks);
            if (files.Count == 0)
            {
                Console.Error.WriteLine($"error: no captured command line (.rsp) in {string.Join(", ", inputs)}\n{Usage}");
                return 1;
            }

            var loader = new IsolatedLoader();
            var builds = new List<Program.Package>();
            foreach (var other in otherBuilds)
            {
                var loaded = other.Load(loader, out var loadError);
                if (loaded is null)
                {
                    Console.Error.WriteLine($"error: --asyncrules {other.Label}: {loadError}");
                    return 1;
                }

                builds.Add(loaded);
            }

            // Compared with other builds, this build is loaded the same way, from its own file into a context of its own,
            // so that no build differs from another by how it was loaded (the default context, or not).
            var ours = Program.Package.AsyncRules();
            label ??= ours.Name.Substring("AsyncRules ".Length);
            if (builds.Count > 0)
            {
                var self = new OtherBuild(label, ours.Analyzers[0].GetType().Assembly.Location).Load(loader, out var selfError);
                if (self is null)
                {
                    Console.Error.WriteLine($"error: this build of AsyncRules, loaded in a context of its own: {selfError}");
                    return 1;
                }

                ours = self;
            }

            var packages = Packages(peers, builds, new Program.Package($"AsyncRules {label}", ours.Analyzers, ours.Map), out var missing);
            if (missing is not null)
            {
                Console.Error.WriteLine($"error: {missing} is not in the NuGet package folder; run `dotnet restore bench/AsyncRules.Benchmarks` (it downloads the peers).");
                return 1;
            }

            if (packages.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                Console.Error.WriteLine($"error: --asyncrules: '{twice.Key}' is also the name of this build; choose another label (or name this build with --label)");
                return 1;
            }

            var severities = Severities(packages, everyRule);
            var compilations = new List<CapturedCompilation>();
            foreach (var file in files)
            {
                var loaded = CapturedCompilation.Load(file, severities, loader);
                foreach (var warning in loaded.Warnings)
                {
                    Console.Error.WriteLine($"warning: {loaded.Name}: {warning}");
                }

                compilations.Add(loaded);
            }

            var runId = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            Console.WriteLine($"AsyncRules speed on real code, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}, load average {LoadAverage()}");
            Console.WriteLine($"{compilations.Count} compilations, {compilations.Sum(c => c.Lines):N0} lines (generated code not counted); {repetitions} repetitions after a warm-up; analysis {(concurrent ? "concurrent, as in a build" : "on one thread")}.");
            foreach (var c in compilations)
            {
                Console.WriteLine($"  {c.Name}: {c.Lines:N0} lines, {c.References.Length} references, {c.Generators} source generators");
            }

            if (builds.Count > 0)
            {
                Console.WriteLine("AsyncRules builds timed side by side:");
                foreach (var package in packages.Where(IsAsyncRules))
                {
                    var assembly = package.Analyzers[0].GetType().Assembly;
                    Console.WriteLine($"  {package.Name}{(builds.Contains(package) ? string.Empty : " (this build)")}: {assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}, {package.Analyzers.Length} analyzers, {assembly.Location}, load context '{System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly)?.Name}'");
                }
            }

            // Warm-up: JIT and first-use costs of the compiler and every analyzer, on the largest compilation (the most code
            // paths reached; the JIT compiles each method once, fully optimized, before the first timed repetition).
            var largest = compilations.OrderByDescending(c => c.Lines).First();
            var warmTrees = largest.Compile(out _);
            foreach (var package in packages)
            {
                await AnalyzeAsync(largest, warmTrees, package, concurrent);
            }

            foreach (var c in compilations)
            {
                _ = c.Compile(out var errors);
                if (errors.Length > 0)
                {
                    Console.Error.WriteLine($"warning: {c.Name} compiles with {errors.Length} errors here; its times are not those of a complete compile. First ones: {string.Join(" | ", errors.Select(e => e.ToString()).Distinct().Take(3))}");
                }
            }

            var cscDll = csc && Program.Peers.NewestSdk() is { } sdk && Path.Combine(sdk, "Roslyn", "bincore", "csc.dll") is var dll && File.Exists(dll) ? dll : null;
            var cscDir = Directory.CreateTempSubdirectory("asyncrules-csc-").FullName;
            var responseFiles = cscDll is null ? new Dictionary<CapturedCompilation, string>() : compilations.ToDictionary(c => c, c => c.WriteCscResponseFile(cscDir));

            // The same cold compile with AsyncRules added (its rules at warning): the difference is what AsyncRules adds to a
            // build here, its assembly load and JIT in every compiler process included (issue 16's "load cost").
            var severitiesFile = Path.Combine(cscDir, "asyncrules-benchmark.globalconfig");
            File.WriteAllText(severitiesFile, severities);
            var ourDll = typeof(AsyncRules.Analyzers.Rules.ASYNC010BlockingWaitInAsyncCodeAnalyzer).Assembly.Location;
            var withOurs = cscDll is null ? new Dictionary<CapturedCompilation, string>() : compilations.ToDictionary(c => c, c => c.WriteCscResponseFile(cscDir, ourDll, severitiesFile));
            if (csc && cscDll is null)
            {
                Console.Error.WriteLine("warning: the SDK's csc.dll was not found; the cold compile is not timed.");
            }

            var rows = new List<RawRow>();
            for (var rep = 1; rep <= repetitions; rep++)
            {
                var order = packages.Skip((rep - 1) % packages.Count).Concat(packages.Take((rep - 1) % packages.Count)).ToList();
                var clock = Stopwatch.StartNew();
                foreach (var c in compilations)
                {
                    Collect();
                    var compileClock = Stopwatch.StartNew();
                    var trees = c.Compile(out _);
                    rows.Add(new RawRow(runId, rep, c.Name, c.Lines, CompileRow, CompileRow, compileClock.Elapsed.TotalMilliseconds, 0));
                    if (cscDll is not null)
                    {
                        var (ms, exit, output) = Csc(cscDll, responseFiles[c], c.ProjectDirectory);
                        rows.Add(new RawRow(runId, rep, c.Name, c.Lines, CscRow, CscRow, ms, exit));
                        var (msOurs, exitOurs, _) = Csc(cscDll, withOurs[c], c.ProjectDirectory);
                        rows.Add(new RawRow(runId, rep, c.Name, c.Lines, CscOursRow, CscOursRow, msOurs, exitOurs));
                        if (exit != 0 && rep == 1)
                        {
                            Console.Error.WriteLine($"warning: csc on {c.Name} exited with {exit}: {output.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal))}");
                        }
                    }

                    foreach (var package in order)
                    {
                        Collect();
                        var (wall, perAnalyzer, diagnostics, exceptions) = await AnalyzeAsync(c, trees, package, concurrent);
                        rows.Add(new RawRow(runId, rep, c.Name, c.Lines, package.Name, "(wall)", wall, diagnostics));
                        rows.AddRange(perAnalyzer.Select(p => new RawRow(runId, rep, c.Name, c.Lines, package.Name, p.Key, p.Value, 0)));
                        foreach (var exception in exceptions.Take(3))
                        {
                            Console.Error.WriteLine($"warning: {package.Name} threw on {c.Name}: {exception}");
                        }
                    }
                }

                Console.Error.WriteLine($"repetition {rep}/{repetitions}: {clock.Elapsed.TotalSeconds:N0} s");
            }

            try
            {
                Directory.Delete(cscDir, recursive: true);
            }
            catch (IOException)
            {
            }

            if (raw is not null)
            {
                var exists = File.Exists(raw);
                using var writer = new StreamWriter(raw, append: true);
                if (!exists)
                {
                    writer.WriteLine(RawRow.Header);
                }

                foreach (var row in rows)
                {
                    writer.WriteLine(row.ToLine());
                }
            }

            Console.WriteLine();
            Report(rows, Console.Out);
            return 0;
        }

        /// <summary>The SDK's command-line compiler, cold (a new process, no compiler server), on a response file: wall time, exit code, output.</summary>
        private static (double Milliseconds, int Exit, string Output) Csc(string cscDll, string responseFile, string projectDirectory)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = projectDirectory };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(cscDll);
            start.ArgumentList.Add("/noconfig");
            start.ArgumentList.Add("/nologo");
            start.ArgumentList.Add($"@{responseFile}");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            var ms = clock.Elapsed.TotalMilliseconds;
            return (ms, process.ExitCode, output.Result + error.Result);
        }

        /// <summary>
        /// The other AsyncRules builds, this build, and the peers (the generated-corpus benchmark's own table); the name of a
        /// peer not downloaded.
        /// </summary>
        private static List<Program.Package> Packages(bool peers, IEnumerable<Program.Package> otherBuilds, Program.Package ours, out string? missing)
        {
            missing = null;
            var packages = new List<Program.Package>(otherBuilds) { ours };
            foreach (var peer in peers ? Program.Peers.All : [])
            {
                var loaded = peer.Load();
                if (loaded is null)
                {
                    missing = peer.Name;
                    return packages;
                }

                packages.Add(loaded);
            }

            return packages;
        }

        /// <summary>
        /// The benchmark's severities, as a global analyzer config above the project's own: every AsyncRules rule at
        /// warning, the peer rules the generated-corpus benchmark switches on at warning (with --every-rule, every rule of
        /// every package). Rules not named keep the severity the project and the package give them.
        /// </summary>
        private static string Severities(IEnumerable<Program.Package> packages, bool everyRule)
        {
            var text = new StringBuilder();
            text.AppendLine("is_global = true");
            text.AppendLine("global_level = 1000");
            var ids = packages.SelectMany(p => IsAsyncRules(p) || everyRule ? p.Ids.AsEnumerable() : p.SwitchedOn.AsEnumerable()).Distinct().OrderBy(id => id, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                text.Append("dotnet_diagnostic.").Append(id).AppendLine(".severity = warning");
            }

            return text.ToString();
        }

        /// <summary>A build of AsyncRules (this one, or one given with --asyncrules), not a peer.</summary>
        private static bool IsAsyncRules(Program.Package package) => IsAsyncRules(package.Name);

        private static bool IsAsyncRules(string package) => package.StartsWith("AsyncRules ", StringComparison.Ordinal);

        private static async Task<(double Wall, Dictionary<string, double> PerAnalyzer, int Diagnostics, List<string> Exceptions)> AnalyzeAsync(CapturedCompilation c, ImmutableArray<SyntaxTree> trees, Program.Package package, bool concurrent)
        {
            var exceptions = new ConcurrentBag<string>();
            var compilation = c.Create(trees);

            // A build binds the references before any analyzer runs (the compiler needs them for every symbol), so that
            // is done here too, outside the timing: otherwise the first rule to ask for a type pays ~10 ms per compilation
            // of the compiler's own work (measured on Polly, branch speed001).
            _ = compilation.GetSpecialType(SpecialType.System_Object);
            var withAnalyzers = compilation.WithAnalyzers(package.Analyzers, new CompilationWithAnalyzersOptions(
                c.AnalyzerOptions(),
                onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}"),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false));
            var clock = Stopwatch.StartNew();
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(default);
            var wall = clock.Elapsed.TotalMilliseconds;
            var perAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var analyzer in package.Analyzers)
            {
                var name = AnalyzerName(analyzer);
                perAnalyzer[name] = perAnalyzer.GetValueOrDefault(name) + (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default)).ExecutionTime.TotalMilliseconds;
            }

            return (wall, perAnalyzer, diagnostics.Length, exceptions.ToList());
        }

        /// <summary>An analyzer class, with its IDs (AsyncRules: one class per rule).</summary>
        private static string AnalyzerName(DiagnosticAnalyzer analyzer)
            => $"{analyzer.GetType().Name} ({string.Join(" ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Take(4))}{(analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Count() > 4 ? " ..." : string.Empty)})";

        /// <summary>The captured files; by default one per project (the newest framework), as the real-code check builds one per project.</summary>
        internal static List<string> Select(IEnumerable<string> inputs, bool allFrameworks)
        {
            var files = inputs.SelectMany(i => Directory.Exists(i) ? Directory.GetFiles(i, "*.rsp") : File.Exists(i) ? new[] { i } : Array.Empty<string>())
                .Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (allFrameworks)
            {
                return files;
            }

            return files.GroupBy(f => NameParts(f).Project + "-" + NameParts(f).Hash)
                .Select(g => g.OrderByDescending(f => FrameworkRank(NameParts(f).Framework)).First())
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
        }

        /// <summary>A captured file's name: project-framework-hash (the hash of the project path, maybe negative).</summary>
        internal static (string Project, string Framework, string Hash) NameParts(string file)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var match = Regex.Match(name, @"^(?<project>.+)-(?<tfm>[^-]*)-(?<hash>-?\d+)$");
            return match.Success ? (match.Groups["project"].Value, match.Groups["tfm"].Value, match.Groups["hash"].Value) : (name, string.Empty, string.Empty);
        }

        /// <summary>net10.0 over net8.0 over netcoreapp over netstandard2.x over net4x.</summary>
        internal static double FrameworkRank(string tfm)
        {
            var match = Regex.Match(tfm, @"^net(\d+)\.(\d+)");
            if (match.Success)
            {
                return 1000 + int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) / 10.0;
            }

            return tfm.StartsWith("netstandard", StringComparison.Ordinal) ? 500 : tfm.StartsWith("netcoreapp", StringComparison.Ordinal) ? 600 : 0;
        }

        private static void Collect()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        private static string LoadAverage()
        {
            try
            {
                return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
            }
            catch (IOException)
            {
                return "n/a";
            }
        }

        /// <summary>
        /// The markdown report: per package its analyzer time summed over the compilations (median over the repetitions,
        /// min-max) and its share of the compile time; per compilation each package's share; AsyncRules per rule.
        /// </summary>
        internal static void Report(IReadOnlyList<RawRow> rows, TextWriter output)
        {
            var reps = rows.Select(r => (r.Run, r.Repetition)).Distinct().ToList();
            var compilations = rows.Select(r => (r.Compilation, r.Lines)).Distinct().OrderBy(c => c.Compilation, StringComparer.Ordinal).ToList();
            var packages = rows.Where(r => r.Package is not CompileRow and not CscRow and not CscOursRow).Select(r => r.Package).Distinct().ToList();
            var ours = packages.FirstOrDefault(IsAsyncRules);
            var builds = packages.Where(IsAsyncRules).ToList();

            // One figure per repetition: the sum over compilations of the rows chosen.
            List<double> PerRepetition(Func<RawRow, bool> which, string? compilation = null) => reps
                .Select(rep => rows.Where(r => (r.Run, r.Repetition) == rep && (compilation is null || r.Compilation == compilation) && which(r)).Sum(r => r.Milliseconds))
                .ToList();
            bool IsAnalyzer(RawRow r) => r.Analyzer != "(wall)" && r.Analyzer != CompileRow;

            var compile = PerRepetition(r => r.Package == CompileRow);
            var cold = rows.Any(r => r.Package == CscRow) ? PerRepetition(r => r.Package == CscRow) : null;
            output.WriteLine($"{compilations.Count} compilations, {compilations.Sum(c => c.Lines):N0} lines; {reps.Count} repetitions ({string.Join(", ", reps.Select(r => r.Run).Distinct())}).");
            output.WriteLine("Compile: parse, source generators, bind and emit (assembly, PDB, XML doc) in memory, no analyzers. Analyzer time: Roslyn's");
            output.WriteLine("execution-time telemetry summed over the package's analyzers (and threads), each package alone on a fresh compilation.");
            output.WriteLine("Wall: that pass's wall time, binding of every method body included. Medians over the repetitions, (min-max).");
            output.WriteLine();
            if (cold is not null)
            {
                output.WriteLine("Cold csc: the SDK's command-line compiler in a new process on the same command line without analyzers, as CoreCompile");
                output.WriteLine("runs it in a build on this machine (no compiler server: its start and JIT are in it); the denominator of issue 16's figures.");
            }

            output.WriteLine();
            output.WriteLine(cold is null
                ? "| package | analyzer time | share of compile | wall of its pass | diagnostics |"
                : "| package | analyzer time | share of compile | share of cold csc | wall of its pass | diagnostics |");
            output.WriteLine(cold is null ? "|---|---|---|---|---|" : "|---|---|---|---|---|---|");
            output.WriteLine(cold is null
                ? $"| compile, no analyzers | {Seconds(compile)} | 100 % | - | - |"
                : $"| compile, no analyzers | {Seconds(compile)} | 100 % | {Share(compile, cold)} | - | - |");
            if (cold is not null)
            {
                output.WriteLine($"| cold csc, no analyzers | {Seconds(cold)} | {Share(cold, compile)} | 100 % | - | - |");
                if (rows.Any(r => r.Package == CscOursRow))
                {
                    var coldOurs = PerRepetition(r => r.Package == CscOursRow);
                    var added = coldOurs.Zip(cold, (a, b) => a - b).ToList();
                    output.WriteLine($"| cold csc with AsyncRules, minus without (load and JIT included) | {Seconds(added)} | {Share(added, compile)} | {Share(added, cold)} | - | - |");
                }
            }

            foreach (var package in packages)
            {
                var times = PerRepetition(r => r.Package == package && IsAnalyzer(r));
                var walls = PerRepetition(r => r.Package == package && r.Analyzer == "(wall)");
                var diagnostics = rows.Where(r => r.Package == package && r.Analyzer == "(wall)" && (r.Run, r.Repetition) == reps[^1]).Sum(r => r.Diagnostics);
                output.WriteLine($"| {package} | {Seconds(times)} | {Share(times, compile)}{(cold is null ? string.Empty : $" | {Share(times, cold)}")} | {Seconds(walls)} | {diagnostics:N0} |");
            }

            output.WriteLine();
            output.WriteLine("Per compilation, each package's share of its in-process compile (median):");
            output.WriteLine();
            output.WriteLine("| compilation | lines | compile | cold csc | " + string.Join(" | ", packages) + " |");
            output.WriteLine("|---|---|---|---|" + string.Concat(packages.Select(_ => "---|")));
            foreach (var (name, lines) in compilations)
            {
                var own = PerRepetition(r => r.Package == CompileRow, name);
                var ownCold = cold is null ? null : PerRepetition(r => r.Package == CscRow, name);
                var cells = packages.Select(p => Share(PerRepetition(r => r.Package == p && IsAnalyzer(r), name), own));
                output.WriteLine($"| {name} | {lines:N0} | {Seconds(own)} | {(ownCold is null ? "-" : Seconds(ownCold))} | {string.Join(" | ", cells)} |");
            }

            if (ours is null)
            {
                return;
            }

            if (builds.Count > 1)
            {
                CompareBuilds(rows, builds, PerRepetition, IsAnalyzer, compile, output);
                return;
            }

            output.WriteLine();
            output.WriteLine($"{ours} per rule (one analyzer class per rule), summed over the compilations:");
            output.WriteLine();
            output.WriteLine(cold is null ? "| analyzer | time | share of compile |" : "| analyzer | time | share of compile | share of cold csc |");
            output.WriteLine(cold is null ? "|---|---|---|" : "|---|---|---|---|");
            var analyzers = rows.Where(r => r.Package == ours && IsAnalyzer(r)).Select(r => r.Analyzer).Distinct()
                .Select(a => (Name: a, Times: PerRepetition(r => r.Package == ours && r.Analyzer == a)))
                .OrderByDescending(a => Program.Median(a.Times));
            foreach (var (name, times) in analyzers)
            {
                output.WriteLine($"| {name} | {Seconds(times)} | {Share(times, compile)} |{(cold is null ? string.Empty : $" {Share(times, cold)} |")}");
            }

            string Seconds(List<double> ms) => ms.Max() >= 100
                ? $"{Program.Median(ms):N0} ms ({ms.Min():N0}-{ms.Max():N0})"
                : $"{Program.Median(ms):N1} ms ({ms.Min():N1}-{ms.Max():N1})";
            string Share(List<double> times, List<double> against)
            {
                // The share per repetition (each against the compile of the same repetition), median and spread of those.
                var shares = times.Zip(against, (t, c) => c > 0 ? 100 * t / c : 0).ToList();
                return $"{Program.Median(shares):N2} % ({shares.Min():N2}-{shares.Max():N2})";
            }
        }

        /// <summary>
        /// Several AsyncRules builds of one run (--asyncrules): each build's total and, per repetition, its difference from
        /// the first build (the same repetition: the same compilations, moments apart, so the machine's load is nearly the
        /// same for both); then the rules side by side. The differences' median and min-max are what say whether a build
        /// costs more: a spread that straddles zero says the run cannot tell.
        /// </summary>
        private static void CompareBuilds(IReadOnlyList<RawRow> rows, List<string> builds, Func<Func<RawRow, bool>, string?, List<double>> perRepetition, Func<RawRow, bool> isAnalyzer, List<double> compile, TextWriter output)
        {
            var first = builds[0];
            List<double> Times(string build, Func<string, bool> rule) => perRepetition(r => r.Package == build && isAnalyzer(r) && rule(r.Analyzer), null);

            // The rules (analyzer classes) each build has, from the rows: an older build may lack a rule added later.
            var rules = builds.ToDictionary(b => b, b => rows.Where(r => r.Package == b && isAnalyzer(r)).Select(r => r.Analyzer).ToHashSet(StringComparer.Ordinal));
            var all = builds.SelectMany(b => rules[b]).Distinct().ToList();
            var shared = all.Where(r => builds.All(b => rules[b].Contains(r))).ToHashSet();
            output.WriteLine();
            output.WriteLine($"AsyncRules builds side by side (analyzer time summed over the compilations). Difference: the build minus {first} in the same");
            output.WriteLine("repetition (paired: the same compilations moments apart), median over the repetitions (min-max of the differences)");
            output.WriteLine(builds.Count > 2 ? "in ms and in % of that build's time; then the same against the build in the row above." : "in ms and in % of that build's time.");
            output.WriteLine();
            var above = builds.Count > 2;
            output.WriteLine($"| build | analyzer time | share of compile | minus {first} | in % |{(above ? " minus the build above | in % |" : string.Empty)}");
            output.WriteLine(above ? "|---|---|---|---|---|---|---|" : "|---|---|---|---|---|");
            void Totals(string label, Func<string, bool> rule)
            {
                for (var i = 0; i < builds.Count; i++)
                {
                    var times = Times(builds[i], rule);
                    var share = Percent(times.Zip(compile, (t, c) => c > 0 ? 100 * t / c : 0).ToList());
                    var cells = i == 0 ? " - | - |" : Against(times, Times(first, rule));
                    var aboveCells = !above ? string.Empty : i == 0 ? " - | - |" : Against(times, Times(builds[i - 1], rule));
                    output.WriteLine($"| {builds[i]}{label} | {Milliseconds(times)} | {share} |{cells}{aboveCells}");
                }

                string Against(List<double> times, List<double> baseline)
                    => $" {Difference(times.Zip(baseline, (t, b) => t - b).ToList(), " ms")} | {Difference(times.Zip(baseline, (t, b) => b > 0 ? 100 * (t - b) / b : 0).ToList(), " %")} |";
            }

            Totals(string.Empty, _ => true);
            if (shared.Count < all.Count)
            {
                Totals($", the {shared.Count} rules every build has", shared.Contains);
                output.WriteLine();
                foreach (var build in builds.Where(b => rules[b].Count > shared.Count))
                {
                    output.WriteLine($"Only in {build}: {string.Join(", ", rules[build].Where(r => !shared.Contains(r)))}.");
                }
            }

            var others = builds.Skip(1).ToList();
            output.WriteLine();
            output.WriteLine("Per rule (one analyzer class per rule), summed over the compilations; '-' where a build has no such rule:");
            output.WriteLine();
            output.WriteLine($"| analyzer | {string.Join(" | ", builds)} | {string.Join(" | ", others.Select(b => $"{b} minus {first}"))} |");
            output.WriteLine("|---|" + string.Concat(builds.Concat(others).Select(_ => "---|")));
            var last = builds[^1];
            foreach (var rule in all.OrderByDescending(r => Program.Median(Times(rules[last].Contains(r) ? last : builds.First(b => rules[b].Contains(r)), a => a == r))))
            {
                var cells = builds.Select(b => rules[b].Contains(rule) ? Milliseconds(Times(b, a => a == rule)) : "-");
                var differences = others.Select(b => rules[b].Contains(rule) && rules[first].Contains(rule)
                    ? Difference(Times(b, a => a == rule).Zip(Times(first, a => a == rule), (t, f) => t - f).ToList(), " ms")
                    : "-");
                output.WriteLine($"| {rule} | {string.Join(" | ", cells)} | {string.Join(" | ", differences)} |");
            }

            static string Milliseconds(List<double> ms) => ms.Max() >= 100
                ? $"{Program.Median(ms):N0} ms ({ms.Min():N0}-{ms.Max():N0})"
                : $"{Program.Median(ms):N1} ms ({ms.Min():N1}-{ms.Max():N1})";
            static string Percent(List<double> shares) => $"{Program.Median(shares):N2} % ({shares.Min():N2}-{shares.Max():N2})";
            static string Difference(List<double> d, string unit)
            {
                var format = d.Max(Math.Abs) >= 100 ? "+#,##0;-#,##0;0" : "+#,##0.0;-#,##0.0;0.0";
                return $"{Program.Median(d).ToString(format, CultureInfo.InvariantCulture)}{unit} ({d.Min().ToString(format, CultureInfo.InvariantCulture)} to {d.Max().ToString(format, CultureInfo.InvariantCulture)})";
            }
        }

        /// <summary>One timing: a compile, an analyzer's telemetry time, or a package pass's wall time ("(wall)", with its diagnostics count).</summary>
        internal sealed record RawRow(string Run, int Repetition, string Compilation, int Lines, string Package, string Analyzer, double Milliseconds, int Diagnostics)
        {
            public const string Header = "run\trepetition\tcompilation\tlines\tpackage\tanalyzer\tms\tdiagnostics";

            public string ToLine() => string.Join("\t", Run, Repetition.ToString(CultureInfo.InvariantCulture), Compilation, Lines.ToString(CultureInfo.InvariantCulture),
                Package, Analyzer, Milliseconds.ToString("0.###", CultureInfo.InvariantCulture), Diagnostics.ToString(CultureInfo.InvariantCulture));

            public static RawRow Parse(string line)
            {
                var f = line.Split('\t');
                return new RawRow(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2], int.Parse(f[3], CultureInfo.InvariantCulture), f[4], f[5],
                    double.Parse(f[6], CultureInfo.InvariantCulture), int.Parse(f[7], CultureInfo.InvariantCulture));
            }
        }
    }
}
