using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Exercises;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Learn.Checking
{
    /// <summary>What <c>dev check</c> found for one exercise: facts worth showing, and failures.</summary>
    internal sealed record DevCheckResult(List<string> Findings, List<string> Failures);

    /// <summary>
    /// The authoring check. An exercise is sound when: it starts failing, with every rule its header names reported; its
    /// reference solution passes; and AsyncRules' own fixes, applied to the broken file one after another, pass too (so the
    /// last hint is a tested answer). A rule that ships without a fix (ASYNC022) is said, not failed.
    /// </summary>
    internal static class DevCheck
    {
        public static async Task<DevCheckResult> CheckAsync(ExerciseChecker checker, Exercise exercise, CancellationToken cancellationToken)
        {
            var findings = new List<string>();
            var failures = new List<string>();
            var display = "samples/AsyncDemos.Broken/" + exercise.File.RelativePath;

            if (exercise.EntryMethods.IsEmpty)
            {
                failures.Add($"{exercise.TypeName} has no RunAsync and no public static method: a run has nothing to call");
            }

            var broken = await checker.CheckAsync(exercise, exercise.OriginalText, display, default, cancellationToken).ConfigureAwait(false);
            var reported = broken.Analysis.InFile.Where(d => !d.IsSuppressed).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var missing = exercise.Ids.Where(id => !reported.Contains(id)).ToList();
            if (broken.Passed)
            {
                failures.Add("the broken file already passes: there is nothing to fix");
            }
            else if (missing.Count > 0)
            {
                failures.Add($"the broken file does not report {string.Join(", ", missing)}, which its header names");
            }
            else
            {
                findings.Add($"starts failing: {string.Join(", ", exercise.Ids)} reported");
            }

            var references = await checker.ReferencesAsync(exercise, cancellationToken).ConfigureAwait(false);
            if (exercise.ReferenceText is null && references.IsEmpty)
            {
                failures.Add($"no reference solution: add samples/Learn/Solutions/{exercise.Name}.cs (AsyncRules' fixes give none to fall back on)");
            }

            if (exercise.ReferenceText is { } handWritten)
            {
                var verdict = await checker.CheckAsync(exercise, handWritten, $"samples/Learn/Solutions/{exercise.Name}.cs", default, cancellationToken).ConfigureAwait(false);
                if (verdict.Passed && verdict.Reference?.Source == ReferenceSource.HandWritten)
                {
                    findings.Add($"hand-written reference passes: {Timing(verdict)}");
                }
                else
                {
                    failures.Add($"the hand-written reference does not pass: {string.Join("; ", verdict.Loopholes.Select(l => l.ToString()).Concat(verdict.Problems))}{Errors(verdict)}");
                }
            }

            var (fixedText, applied) = await checker.Workspace.FixUntilDoneAsync(exercise, exercise.OriginalText, cancellationToken).ConfigureAwait(false);
            var withoutFix = exercise.Ids.Where(id => !LearnWorkspace.CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id))).ToList();
            if (applied.IsEmpty)
            {
                if (withoutFix.Count > 0)
                {
                    findings.Add($"no code fix to check: {string.Join(", ", withoutFix)} ships without one, so the last hint is the reference");
                }
                else
                {
                    failures.Add($"AsyncRules offers no fix for {string.Join(", ", exercise.Ids)} in the broken file, though the rule has one");
                }
            }
            else
            {
                var verdict = await checker.CheckAsync(exercise, fixedText, display + " (fixed)", default, cancellationToken).ConfigureAwait(false);
                if (verdict.Passed)
                {
                    findings.Add($"AsyncRules' fix passes ({string.Join(", then ", applied)}): {Timing(verdict)}");
                    if (exercise.ReferenceText is { } reference && reference != fixedText && verdict.After is { } fixedRun)
                    {
                        var referenceRun = await checker.RunTextAsync(exercise, reference, cancellationToken).ConfigureAwait(false);
                        if (RunComparison.Compare(fixedRun, referenceRun, null) is { } difference)
                        {
                            findings.Add($"AsyncRules' fix differs from the hand-written reference ({difference}); both are accepted");
                        }
                    }
                }
                else if (withoutFix.Count > 0)
                {
                    findings.Add($"AsyncRules' fixes ({string.Join(", then ", applied)}) leave {string.Join(", ", withoutFix)}, which ships without a fix");
                }
                else
                {
                    failures.Add($"AsyncRules' fix ({string.Join(", then ", applied)}) does not pass: {string.Join("; ", verdict.Loopholes.Select(l => l.ToString()).Concat(verdict.Problems))}{Errors(verdict)}");
                }
            }

            if (exercise.Ids.FirstOrDefault(id => !checker.Set.Docs.ContainsKey(id)) is { } undocumented)
            {
                findings.Add($"note: no docs/rules/{undocumented}.md, so the third hint is only a link");
            }

            return new DevCheckResult(findings, failures);
        }

        /// <summary>
        /// What a save costs once the tool is warm: the in-process check of the saved file (parse, bind, analyzers) for every
        /// exercise, five saves each, and the whole verdict on a fixed file (check, build, run on this checker's clock).
        /// </summary>
        public static async Task<(List<double> CheckMs, List<double> VerdictMs)> MeasureAsync(ExerciseChecker checker, CancellationToken cancellationToken)
        {
            foreach (var exercise in checker.Set.Exercises)
            {
                await checker.Workspace.AnalyzeAsync(exercise, exercise.OriginalText, cancellationToken).ConfigureAwait(false);
            }

            var check = new List<double>();
            var verdicts = new List<double>();
            foreach (var exercise in checker.Set.Exercises)
            {
                for (var save = 1; save <= 5; save++)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    await checker.Workspace.AnalyzeAsync(exercise, exercise.OriginalText + $"\n// save {save}\n", cancellationToken).ConfigureAwait(false);
                    check.Add(clock.Elapsed.TotalMilliseconds);
                }

                var references = await checker.ReferencesAsync(exercise, cancellationToken).ConfigureAwait(false);
                if (!references.IsEmpty)
                {
                    await checker.CheckAsync(exercise, references[0].Text, "warm-up", default, cancellationToken).ConfigureAwait(false);
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    await checker.CheckAsync(exercise, references[0].Text + "\n// saved\n", "measured", default, cancellationToken).ConfigureAwait(false);
                    verdicts.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            return (check, verdicts);
        }

        private static string Timing(Verdict verdict)
            => verdict.Before is { Completed: true } before && verdict.After is { } after
                ? $"{RunComparison.Seconds(before.Elapsed)} broken, {RunComparison.Seconds(after.Elapsed)} fixed"
                : verdict.After is { } run ? $"runs in {RunComparison.Seconds(run.Elapsed)}" : "checked";

        private static string Errors(Verdict verdict)
        {
            var errors = verdict.Analysis.InFile.Where(d => d.Severity == DiagnosticSeverity.Error || (!d.IsSuppressed && Analysis.IsAsyncRulesId(d.Id)))
                .Concat(verdict.Analysis.ErrorsElsewhere)
                .Take(3)
                .Select(d => $"{ExerciseChecker.Display(d)} {d.Id} {d.GetMessage()}")
                .ToList();
            return errors.Count == 0 ? string.Empty : " [" + string.Join("; ", errors) + "]";
        }
    }
}
