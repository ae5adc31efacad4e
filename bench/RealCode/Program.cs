using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AsyncRules.RealCode
{
    /// <summary>
    /// The real-code check: builds real projects as they are with AsyncRules injected, then reports every ASYNC result,
    /// the counts per rule and AsyncRules' analyzer time against the compile time of the same build (README.md beside this
    /// file). Every error a user can hit is one line and a non-zero exit, never a stack trace.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                var options = Options.Parse(args);
                if (options.Help)
                {
                    Console.WriteLine(Options.Usage);
                    return 0;
                }

                return Run(options);
            }
            catch (UserError e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        }

        private static int Run(Options options)
        {
            var files = options.Targets.Select(Targets.ResolveFile).ToList();
            var root = options.Root ?? Targets.FindRoot(files[0]);
            if (!Directory.Exists(root))
            {
                throw new UserError($"--root {root}: path not found");
            }

            var name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
            var outDir = options.OutDir ?? Path.Combine(Path.GetTempPath(), "asyncrules-realcode", $"{name}-{DateTime.Now:yyyyMMdd-HHmmss}");
            var sarifDir = Path.Combine(outDir, "sarif");
            var logDir = Path.Combine(outDir, "logs");
            var commandLinesDir = options.CommandLines ? Path.Combine(outDir, "commandlines") : null;
            foreach (var stale in new[] { sarifDir, logDir, commandLinesDir }.OfType<string>())
            {
                if (Directory.Exists(stale))
                {
                    Directory.Delete(stale, recursive: true); // a reused --out must not mix in an earlier run's logs
                }

                Directory.CreateDirectory(stale);
            }

            var work = Directory.CreateTempSubdirectory("asyncrules-realcode-").FullName;
            try
            {
                return Run(options, files, root, name, outDir, sarifDir, logDir, commandLinesDir, work);
            }
            finally
            {
                if (!options.KeepWork)
                {
                    try
                    {
                        Directory.Delete(work, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                }
                else
                {
                    Console.WriteLine($"work folder kept: {work}");
                }
            }
        }

        private static int Run(Options options, List<string> files, string root, string name, string outDir, string sarifDir, string logDir, string? commandLinesDir, string work)
        {
            var dotnet = new Dotnet(work);
            var analyzer = AnalyzerUnderTest.Prepare(options.Analyzers, work, dotnet);
            var targetsFile = Injection.Write(work, analyzer, sarifDir, options.AllWarnings, options.OnlyAsyncRules, options.NotAsErrors, options.NoWarn, commandLinesDir);

            // With --copy the build runs in a private copy; results are mapped back to the repository's own paths.
            var buildRoot = root;
            if (options.Copy)
            {
                if (files.Any(f => !IsUnder(f, root)))
                {
                    throw new UserError($"--copy: every target must be inside the repository root {root} (set it with --root)");
                }

                // The captured command lines point into the copy, so it is kept beside them (a rerun replaces it).
                buildRoot = Path.Combine(commandLinesDir is null ? work : Path.Combine(outDir, "copy"), name);
                if (commandLinesDir is not null && Directory.Exists(buildRoot))
                {
                    Directory.Delete(buildRoot, recursive: true);
                }

                Console.WriteLine($"copying {root} to {buildRoot}");
                Targets.CopyTree(root, buildRoot);
            }

            var targets = files.Select(f =>
            {
                var path = options.Copy ? Path.Combine(buildRoot, Path.GetRelativePath(root, f)) : f;
                var ext = Path.GetExtension(f).ToLowerInvariant();
                return new BuildTarget(path, Relative(f, root), ext is ".sln" or ".slnx");
            }).ToList();

            var properties = new List<string> { $"-p:Configuration={options.Configuration}" };
            properties.AddRange(options.Properties.Select(p => $"-p:{p.Key}={p.Value}"));

            Console.WriteLine($"AsyncRules real-code check: {root}");
            Console.WriteLine($"analyzer: {analyzer.Source} ({analyzer.Rules.Count} rules), severities: {(options.AllWarnings ? "every rule raised to warning" : "the rules' defaults")}{(options.OnlyAsyncRules ? ", the project's own analyzers off" : string.Empty)}");

            var outcomes = new List<(BuildTarget Target, bool Ok, double Seconds, string Message, string Log)>();
            var index = 0;
            foreach (var target in targets)
            {
                index++;
                var slug = $"{index:00}-{Path.GetFileNameWithoutExtension(target.Path)}";
                var log = Path.Combine(logDir, slug + ".log");
                var console = Path.Combine(logDir, slug + ".console.txt");
                var clock = Stopwatch.StartNew();
                try
                {
                    if (!target.IsSolution)
                    {
                        Targets.ChooseFramework(target, options.Framework, dotnet, properties, Path.Combine(logDir, slug + ".frameworks.txt"));
                    }
                    else if (options.Framework is not null)
                    {
                        target.Framework = options.Framework;
                    }

                    Console.Write($"building {target.DisplayName}{(target.Note is null ? string.Empty : $" ({target.Note})")} ... ");
                    var arguments = new List<string>
                    {
                        "build", target.Path, "-nologo", "-v:q", options.Parallel ? "-m" : "-m:1",
                        $"-p:{Injection.TargetsProperty}={targetsFile}",
                        $"-p:{Injection.CrossTargetingTargetsProperty}={targetsFile}",
                        $"-flp:v=detailed;logfile={log};PerformanceSummary;ShowTimestamp",
                    };
                    arguments.AddRange(properties);
                    if (target.Framework is not null)
                    {
                        arguments.Add("-f");
                        arguments.Add(target.Framework);
                    }

                    var exit = dotnet.Run(arguments, console);
                    clock.Stop();
                    if (exit == 0)
                    {
                        Console.WriteLine($"ok ({clock.Elapsed.TotalSeconds:0.0} s)");
                        outcomes.Add((target, true, clock.Elapsed.TotalSeconds, string.Empty, log));
                    }
                    else
                    {
                        var message = Failure(console, exit, target.IsSolution).Replace(buildRoot, root, StringComparison.Ordinal);
                        Console.WriteLine($"FAILED ({clock.Elapsed.TotalSeconds:0.0} s)");
                        Console.WriteLine($"  {message}");
                        Console.WriteLine($"  full output: {console}");
                        outcomes.Add((target, false, clock.Elapsed.TotalSeconds, message, log));
                    }
                }
                catch (BuildFailure e)
                {
                    Console.WriteLine($"building {target.DisplayName} ... FAILED");
                    Console.WriteLine($"  {e.Message}");
                    outcomes.Add((target, false, clock.Elapsed.TotalSeconds, e.Message, log));
                }
            }

            // Results: deduplicated over projects and frameworks (a file compiled for two frameworks or linked into two
            // projects reports the same line twice).
            var ids = new HashSet<string>(analyzer.Rules.Select(r => r.Id), StringComparer.Ordinal);
            var findings = Sarif.Read(sarifDir, ids, out var suppressed, out var unreadable);
            var rules = analyzer.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
            var results = findings
                .Select(f => f with { File = MapBack(f.File, buildRoot, root) })
                .GroupBy(f => (f.RuleId, f.File, f.Line, f.Column, f.Message))
                .Select(g => g.First())
                .Select(f => new Result(f, Relative(f.File, root), SourceLine(f.File, f.Line), rules[f.RuleId]))
                .OrderBy(r => r.IsSuggestion)
                .ThenBy(r => r.Finding.RuleId, StringComparer.Ordinal)
                .ThenBy(r => r.Path, StringComparer.Ordinal)
                .ThenBy(r => r.Finding.Line)
                .ThenBy(r => r.Finding.Column)
                .ToList();

            var compilations = outcomes.SelectMany(o => BuildLog.ReadCompilations(o.Log)).ToList();
            var summaries = outcomes.Select(o => BuildLog.CoreCompileTotalSeconds(o.Log)).Where(t => t is not null).ToList();
            double? compileTotal = summaries.Count > 0 ? summaries.Sum() : null;
            var report = new Report(options, analyzer, outcomes.Select(o => (o.Target, o.Ok, o.Seconds, o.Message)).ToList(), results, compilations, compileTotal, suppressed, unreadable);
            report.Print(Console.Out);

            var tsv = Path.Combine(outDir, "results.tsv");
            report.WriteTsv(tsv);
            if (options.TsvFile is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(options.TsvFile)!);
                File.Copy(tsv, options.TsvFile, overwrite: true);
            }

            File.WriteAllText(Path.Combine(outDir, "summary.txt"), report.ToText());
            Console.WriteLine();
            Console.WriteLine($"results: {tsv}{(options.TsvFile is null ? string.Empty : $" and {options.TsvFile}")}; SARIF and build logs: {outDir}");
            if (commandLinesDir is not null)
            {
                Console.WriteLine($"compiler command lines: {commandLinesDir} ({Directory.GetFiles(commandLinesDir, "*.rsp").Length} compilations); time them with: dotnet run -c Release --project bench/AsyncRules.Benchmarks -- --real {commandLinesDir}");
            }


            if (outcomes.All(o => !o.Ok))
            {
                return 1;
            }

            return outcomes.Any(o => !o.Ok) ? 2 : 0;
        }

        /// <summary>One line that says why a build failed: restore, a missing SDK, or the first compile error and where.</summary>
        private static string Failure(string consoleFile, int exit, bool solution)
        {
            var lines = File.Exists(consoleFile) ? File.ReadAllLines(consoleFile) : Array.Empty<string>();
            var first = BuildLog.FirstError(lines);
            var codes = BuildLog.ErrorCodes(lines);
            var failed = BuildLog.FailedProjects(lines);
            var where = solution && failed.Count > 0 ? $" (projects with errors: {string.Join(", ", failed)})" : string.Empty;
            if (first is null)
            {
                return $"build failed: dotnet build exited with {exit}{where}";
            }

            if (codes.Count > 0 && codes.All(c => c.StartsWith("NU", StringComparison.Ordinal)))
            {
                return $"restore failed: {first}{where}";
            }

            if (codes.Contains("MSB4236") || codes.Contains("NETSDK1045"))
            {
                return $"the SDK the project asks for is not installed: {first}";
            }

            return $"build failed: {first}{where}";
        }

        private static bool IsUnder(string path, string root)
        {
            var relative = Path.GetRelativePath(root, path);
            return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        }

        private static string Relative(string path, string root) =>
            path.Length > 0 && IsUnder(path, root) ? Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/') : path;

        private static string MapBack(string path, string buildRoot, string root) =>
            buildRoot != root && path.Length > 0 && IsUnder(path, buildRoot) ? Path.Combine(root, Path.GetRelativePath(buildRoot, path)) : path;

        private static readonly Dictionary<string, string[]> SourceCache = new(StringComparer.Ordinal);

        private static string SourceLine(string file, int line)
        {
            if (!SourceCache.TryGetValue(file, out var lines))
            {
                try
                {
                    lines = File.Exists(file) ? File.ReadAllLines(file) : Array.Empty<string>();
                }
                catch (IOException)
                {
                    lines = Array.Empty<string>();
                }

                SourceCache[file] = lines;
            }

            return line >= 1 && line <= lines.Length ? lines[line - 1].Trim() : string.Empty;
        }
    }
}
