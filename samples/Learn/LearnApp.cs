using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Checking;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Progress;
using AsyncRules.Learn.Running;
using AsyncRules.Learn.Ui;

namespace AsyncRules.Learn
{
    /// <summary>The command line: parses it, runs one command, returns the exit code. Every error is one clear line.</summary>
    internal static class LearnApp
    {
        public const double DefaultTimeScale = 0.25;

        /// <summary>Indented, and without escaping quotes, arrows or non-ASCII text (still valid JSON).</summary>
        private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <param name="shared">A warm checker to use instead of a new one when its clock is the one asked for (tests share one).</param>
        public static async Task<int> RunAsync(string[] args, LearnConsole console, ExerciseSet? set = null, CancellationToken cancellationToken = default, ExerciseChecker? shared = null)
        {
            Options options;
            try
            {
                options = Options.Parse(args);
            }
            catch (LearnException exception)
            {
                console.Error.WriteLine($"error: {exception.Message}");
                console.Error.WriteLine("Run with --help to see the commands.");
                return 2;
            }

            if (options.Help)
            {
                Usage(console.Out);
                return 0;
            }

            SharedChecker.Value = shared;
            try
            {
                set ??= ExerciseSet.FromTool();
                var style = Style.For(console);
                return options.Command switch
                {
                    "verify" => await VerifyAsync(options, console, set, style, cancellationToken).ConfigureAwait(false),
                    "dev check" => await DevCheckAsync(options, console, set, style, cancellationToken).ConfigureAwait(false),
                    "dev time" => await DevTimeAsync(options, console, set, cancellationToken).ConfigureAwait(false),
                    "dev run" => await DevRunAsync(options, console, set, style, cancellationToken).ConfigureAwait(false),
                    "list" => List(options, console, set, style),
                    "reset" => Reset(options, console, set, style),
                    _ => await new WatchLoop(options, console, set, style).RunAsync(cancellationToken).ConfigureAwait(false),
                };
            }
            catch (LearnException exception)
            {
                console.Error.WriteLine($"error: {exception.Message}");
                return exception.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
        }

        private static readonly AsyncLocal<ExerciseChecker?> SharedChecker = new();

        /// <summary>A checker on <paramref name="mode"/>: the shared one when it fits (not to be disposed), else a new one.</summary>
        public static (ExerciseChecker Checker, IDisposable? Owned) CheckerFor(ExerciseSet set, RunMode mode)
        {
            if (SharedChecker.Value is { } shared && shared.Mode == mode && shared.Set == set)
            {
                return (shared, null);
            }

            var checker = new ExerciseChecker(set, mode);
            return (checker, checker);
        }

        /// <summary>The working copy the options name (./asyncrules-learn by default).</summary>
        public static string Root(Options options, LearnConsole console)
            => Path.GetFullPath(options.Directory ?? WorkingCopy.DefaultFolder, console.CurrentDirectory);

        public static RunMode ModeFor(Options options, bool interactive)
            => options.Clock switch
            {
                "virtual" => RunMode.Virtual,
                "real" => RunMode.Scaled(options.TimeScale ?? DefaultTimeScale),
                _ when options.TimeScale is { } scale => RunMode.Scaled(scale),
                _ => interactive ? RunMode.Scaled(DefaultTimeScale) : RunMode.Virtual,
            };

        private static async Task<int> VerifyAsync(Options options, LearnConsole console, ExerciseSet set, Style style, CancellationToken cancellationToken)
        {
            var copy = WorkingCopy.Open(Root(options, console), set, create: false, out _);
            var (checker, owned) = CheckerFor(set, ModeFor(options, interactive: false));
            using var dispose = owned;
            var results = new List<(Exercise Exercise, Verdict? Verdict, string? Problem)>();
            foreach (var exercise in set.Exercises)
            {
                var text = copy.Read(exercise, out var problem);
                if (text is null)
                {
                    results.Add((exercise, null, problem));
                    continue;
                }

                var path = copy.PathOf(exercise);
                var verdict = await checker.CheckAsync(exercise, text, Relative(console, path), Loopholes.InConfiguration(path, exercise.Ids), cancellationToken).ConfigureAwait(false);
                results.Add((exercise, verdict, null));
                if (!options.Json)
                {
                    WriteVerifyLine(console, style, exercise, verdict, problem, copy);
                }
            }

            var passed = results.Count(r => r.Verdict?.Passed == true);
            if (options.Json)
            {
                WriteVerifyJson(console, checker.Mode, copy, results, passed);
            }
            else
            {
                foreach (var (exercise, _, problem) in results.Where(r => r.Problem is not null))
                {
                    console.Out.WriteLine($"{style.NotYet} {exercise.Number,2} {exercise.Name}: {problem}");
                }

                console.Out.WriteLine();
                console.Out.WriteLine($"{passed} of {results.Count} exercises fixed for real ({checker.Mode}).");
            }

            return passed == results.Count ? 0 : 1;
        }

        private static void WriteVerifyLine(LearnConsole console, Style style, Exercise exercise, Verdict verdict, string? problem, WorkingCopy copy)
        {
            var mark = verdict.Passed ? style.Ok : style.NotYet;
            var timing = verdict.Passed && verdict.Before is { } before && verdict.After is { } after
                ? $" ({RunComparison.Seconds(before.Elapsed)} → {RunComparison.Seconds(after.Elapsed)})"
                : string.Empty;
            console.Out.WriteLine($"{mark} {exercise.Number,2} {exercise.WorkingPath}{timing}");
            foreach (var loophole in verdict.Loopholes)
            {
                console.Out.WriteLine($"      loophole: {loophole}");
            }

            foreach (var line in verdict.Problems)
            {
                console.Out.WriteLine($"      {line}");
            }
        }

        private static void WriteVerifyJson(LearnConsole console, RunMode mode, WorkingCopy copy, List<(Exercise Exercise, Verdict? Verdict, string? Problem)> results, int passed)
        {
            var report = new
            {
                passed,
                failed = results.Count - passed,
                total = results.Count,
                clock = mode.ToString(),
                directory = copy.Root,
                exercises = results.Select(r => new
                {
                    number = r.Exercise.Number,
                    name = r.Exercise.Name,
                    file = copy.PathOf(r.Exercise),
                    rules = r.Exercise.Ids,
                    passed = r.Verdict?.Passed == true,
                    problems = r.Problem is not null ? new[] { r.Problem } : r.Verdict!.Problems.ToArray(),
                    loopholes = r.Verdict?.Loopholes.Select(l => new { where = l.Where, what = l.What }).ToArray() ?? Array.Empty<object>(),
                    diagnostics = r.Verdict?.Analysis.InFile.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error || Analysis.IsAsyncRulesId(d.Id) || r.Exercise.Ids.Contains(d.Id))
                        .Select(d => new
                        {
                            id = d.Id,
                            line = d.Location.GetLineSpan().StartLinePosition.Line + 1,
                            column = d.Location.GetLineSpan().StartLinePosition.Character + 1,
                            message = d.GetMessage(CultureInfo.InvariantCulture),
                            suppressed = d.IsSuppressed,
                        }).ToArray() ?? Array.Empty<object>(),
                    seconds = r.Verdict?.After is { } after ? Math.Round(after.Elapsed.TotalSeconds, 3) : (double?)null,
                    brokenSeconds = r.Verdict?.Before is { Completed: true } before ? Math.Round(before.Elapsed.TotalSeconds, 3) : (double?)null,
                    progress = copy.Progress.Get(r.Exercise.Name).Status.ToString().ToLowerInvariant(),
                }).ToArray(),
            };
            console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        }

        /// <summary>
        /// For authors: every exercise starts failing, its reference solution passes, and AsyncRules' own fixes applied to
        /// the broken file pass too, on the virtual clock. Run by CI.
        /// </summary>
        private static async Task<int> DevCheckAsync(Options options, LearnConsole console, ExerciseSet set, Style style, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var (checker, owned) = CheckerFor(set, options.TimeScale is null && options.Clock != "real" ? RunMode.Virtual : ModeFor(options, interactive: false));
            using var dispose = owned;
            var failures = 0;
            var report = new List<object>();
            if (!options.Json)
            {
                console.Out.WriteLine($"dev check: {set.Exercises.Length} exercises from samples/AsyncDemos.Broken, {checker.Mode}");
            }

            foreach (var exercise in set.Exercises)
            {
                var result = await DevCheck.CheckAsync(checker, exercise, cancellationToken).ConfigureAwait(false);
                failures += result.Failures.Count;
                report.Add(new { number = exercise.Number, name = exercise.Name, rules = exercise.Ids, ok = result.Failures.Count == 0, findings = result.Findings, failures = result.Failures });
                if (!options.Json)
                {
                    console.Out.WriteLine($"{(result.Failures.Count == 0 ? style.Ok : style.NotYet)} {exercise.Number,2} {exercise.Name} ({string.Join(", ", exercise.Ids)})");
                    foreach (var finding in result.Findings)
                    {
                        console.Out.WriteLine($"      {finding}");
                    }

                    foreach (var failure in result.Failures)
                    {
                        console.Out.WriteLine($"      {style.Red("FAILED")}: {failure}");
                    }
                }
            }

            if (options.Json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(new { ok = failures == 0, failures, exercises = report }, JsonOptions));
            }
            else
            {
                console.Out.WriteLine();
                console.Out.WriteLine(failures == 0
                    ? $"dev check passed: {set.Exercises.Length} exercises, each starts failing and is fixed by its reference and by AsyncRules' fix ({clock.Elapsed.TotalSeconds:0.0} s)."
                    : $"dev check FAILED: {failures} problem(s) ({clock.Elapsed.TotalSeconds:0.0} s).");
            }

            return failures == 0 ? 0 : 1;
        }

        /// <summary>For authors: an exercise's runs, broken and fixed by each accepted reference, line by line with their times.</summary>
        private static async Task<int> DevRunAsync(Options options, LearnConsole console, ExerciseSet set, Style style, CancellationToken cancellationToken)
        {
            var exercise = set.Find(options.Target ?? string.Empty) ?? throw new LearnException("dev run needs an exercise (its name or number).");
            using var checker = new ExerciseChecker(set, ModeFor(options, interactive: false));
            var runs = new List<(string, string)> { ("broken", exercise.OriginalText) };
            runs.AddRange((await checker.ReferencesAsync(exercise, cancellationToken).ConfigureAwait(false)).Select(r => (r.Source == ReferenceSource.HandWritten ? "hand-written reference" : "AsyncRules' fix", r.Text)));
            foreach (var (label, text) in runs)
            {
                var run = await checker.RunTextAsync(exercise, text, cancellationToken).ConfigureAwait(false);
                console.Out.WriteLine(style.Bold($"{exercise.Name}, {label}: {RunComparison.Seconds(run.Elapsed)} on the {run.Mode}{(run.Failure is null ? string.Empty : ", ended with " + run.Failure)}"));
                foreach (var line in run.Output)
                {
                    console.Out.WriteLine($"  {line.At.TotalSeconds,6:0.000}  {line.Text}");
                }

                if (run.Timeline is { } timeline)
                {
                    console.Out.WriteLine(timeline);
                }

                console.Out.WriteLine();
            }

            return 0;
        }

        /// <summary>For authors and the README: the measured cost of a save, warm.</summary>
        private static async Task<int> DevTimeAsync(Options options, LearnConsole console, ExerciseSet set, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            using var checker = new ExerciseChecker(set, ModeFor(options, interactive: false));
            await checker.Workspace.WarmUpAsync(cancellationToken).ConfigureAwait(false);
            var warmUp = clock.Elapsed;
            var (check, verdicts) = await DevCheck.MeasureAsync(checker, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"first check (cold: load Roslyn and the analyzers, compile the project): {warmUp.TotalMilliseconds:0} ms");
            console.Out.WriteLine($"check on save, warm ({check.Count} saves over {set.Exercises.Length} exercises): {Describe(check)}");
            console.Out.WriteLine($"whole verdict on a fixed file, warm (check, build, run on the {checker.Mode}): {Describe(verdicts)}");
            return 0;

            static string Describe(List<double> values)
            {
                var sorted = values.OrderBy(v => v).ToList();
                return sorted.Count == 0 ? "none" : $"median {sorted[sorted.Count / 2]:0} ms, p90 {sorted[(int)(sorted.Count * 0.9)]:0} ms, max {sorted[^1]:0} ms";
            }
        }

        private static int List(Options options, LearnConsole console, ExerciseSet set, Style style)
        {
            var copy = WorkingCopy.Open(Root(options, console), set, create: false, out _);
            foreach (var line in Screens.ListLines(set, copy, style, copy.Progress.Current))
            {
                console.Out.WriteLine(line);
            }

            return 0;
        }

        private static int Reset(Options options, LearnConsole console, ExerciseSet set, Style style)
        {
            var copy = WorkingCopy.Open(Root(options, console), set, create: true, out _);
            if (options.All)
            {
                if (!options.Yes && !Confirm(console, $"Reset all {set.Exercises.Length} exercises to their originals and start progress over? Your files are kept in {copy.BackupFolder}. (y/N) "))
                {
                    console.Out.WriteLine("Nothing was reset.");
                    return 1;
                }

                var backup = copy.ResetAll();
                console.Out.WriteLine($"Every exercise is back to its original; your files are in {backup}.");
                return 0;
            }

            if (options.Target is null)
            {
                throw new LearnException("reset what? Name an exercise (its name or number; see 'list'), or --all.");
            }

            var exercise = set.Find(options.Target) ?? throw new LearnException($"there is no exercise '{options.Target}' (see 'list').");
            if (!options.Yes && !Confirm(console, $"Reset {exercise.Name} to its original? Your file is kept in {copy.BackupFolder}. (y/N) "))
            {
                console.Out.WriteLine("Nothing was reset.");
                return 1;
            }

            var saved = copy.Reset(exercise);
            console.Out.WriteLine(saved is null ? $"{exercise.Name} is back to its original." : $"{exercise.Name} is back to its original; yours is in {saved}.");
            return 0;
        }

        private static bool Confirm(LearnConsole console, string question)
        {
            console.Out.Write(question);
            console.Out.Flush();
            var answer = console.In.ReadLine();
            console.Out.WriteLine();
            return answer is not null && answer.Trim().StartsWith("y", StringComparison.OrdinalIgnoreCase);
        }

        public static string Relative(LearnConsole console, string path)
        {
            var relative = Path.GetRelativePath(console.CurrentDirectory, path);
            return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
        }

        private static void Usage(TextWriter output)
        {
            output.WriteLine("""
                asyncrules-learn: learn async/await by fixing AsyncRules' broken demos, checked on every save.

                usage:
                  asyncrules-learn [options]              watch: show the current exercise, check it whenever you save it
                  asyncrules-learn list                   every exercise, done or pending
                  asyncrules-learn verify [--json]        check every exercise once, no terminal needed; exit 0 when all pass
                  asyncrules-learn reset <exercise>|--all put the original back (your file is kept in .learn/backup)
                  asyncrules-learn dev check [--json]     for authors: each exercise starts failing, and its reference
                                                          solution and AsyncRules' own fix both pass

                options:
                  --dir PATH         the exercises' folder (default ./asyncrules-learn; created on first run)
                  --time-scale F     run the demos on the real clock, every pause times F (default 0.25 when watching)
                  --clock virtual    run the demos on a virtual clock: instant and exact (default for verify, dev check)
                  --manual           do not watch the file; press r to check it
                  --poll             watch by polling the file (for WSL, Docker mounts and network drives)
                  --no-clear         never clear the screen
                  --yes              answer yes to reset's question
                  -h, --help         this help

                keys while watching:
                  h hint (one step at a time)   a apply AsyncRules' fix (after the last hint)   r check now
                  n next   p previous   l list (then a number and Enter to continue there)   x reset   q quit

                NO_COLOR turns colours and links off; so does writing to a file or a pipe.
                """);
        }
    }

    /// <summary>The parsed command line.</summary>
    internal sealed record Options
    {
        public string Command { get; init; } = "watch";

        public string? Target { get; init; }

        public bool All { get; init; }

        public bool Json { get; init; }

        public bool Yes { get; init; }

        public bool Help { get; init; }

        public bool NoClear { get; init; }

        public bool Manual { get; init; }

        public bool Poll { get; init; }

        public string? Directory { get; init; }

        public double? TimeScale { get; init; }

        public string? Clock { get; init; }

        public static Options Parse(string[] args)
        {
            var options = new Options();
            var positional = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new LearnException($"{arg} needs a value.");
                options = arg switch
                {
                    "-h" or "--help" or "-?" => options with { Help = true },
                    "--json" => options with { Json = true },
                    "--all" => options with { All = true },
                    "--yes" or "-y" => options with { Yes = true },
                    "--no-clear" => options with { NoClear = true },
                    "--manual" => options with { Manual = true },
                    "--poll" => options with { Poll = true },
                    "--dir" => options with { Directory = Value() },
                    "--clock" => options with { Clock = Value() is "virtual" or "real" ? args[i] : throw new LearnException("--clock takes 'virtual' or 'real'.") },
                    "--time-scale" => options with { TimeScale = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0 && f <= 100 ? f : throw new LearnException($"--time-scale takes a number above 0, like 0.25; not '{args[i]}'.") },
                    _ when arg.StartsWith('-') => throw new LearnException($"unknown option '{arg}'."),
                    _ => AddPositional(options, positional, arg),
                };
            }

            var command = positional.Count switch
            {
                0 => "watch",
                _ when positional[0] == "dev" => positional.Count >= 2 && positional[1] is "check" or "time" or "run" ? "dev " + positional[1] : throw new LearnException("the dev commands are 'dev check' and 'dev time'."),
                _ => positional[0] is "verify" or "list" or "reset" or "watch" ? positional[0] : throw new LearnException($"unknown command '{positional[0]}'."),
            };
            var extra = command.StartsWith("dev ", StringComparison.Ordinal) ? positional.Skip(2).ToList() : positional.Skip(1).ToList();
            if (command is "reset" or "dev run" && extra.Count == 1)
            {
                return options with { Command = command, Target = extra[0] };
            }

            if (extra.Count > 0 && !(command == "watch" && extra.Count == 1))
            {
                throw new LearnException($"'{command}' does not take '{extra[0]}'.");
            }

            return options with { Command = command, Target = extra.FirstOrDefault() };
        }

        private static Options AddPositional(Options options, List<string> positional, string arg)
        {
            positional.Add(arg);
            return options;
        }
    }
}
