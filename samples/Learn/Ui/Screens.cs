using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AsyncRules.Learn.Checking;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Progress;
using AsyncRules.Learn.Running;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Learn.Ui
{
    /// <summary>What the watch loop prints: the exercise, its diagnostics, the verdict, the runs, the list.</summary>
    internal static class Screens
    {
        private const int RunLines = 12;

        public static IEnumerable<string> ListLines(ExerciseSet set, WorkingCopy copy, Style style, string? current)
        {
            var done = 0;
            Family? family = null;
            foreach (var exercise in set.Exercises)
            {
                if (exercise.Family != family)
                {
                    family = exercise.Family;
                    yield return style.Bold($"{family.Number}. {family.Title}");
                }

                var (status, mark) = Status(exercise, copy, style);
                if (status is ExerciseStatus.Done or ExerciseStatus.Assisted)
                {
                    done++;
                }

                var here = exercise.Name == current ? style.Cyan(" ← continue here") : string.Empty;
                yield return $"  {exercise.Number,2} {mark} {exercise.Name}{here}";
            }

            yield return string.Empty;
            yield return $"{done} of {set.Exercises.Length} done. Progress: {copy.Progress.Path}";
        }

        /// <summary>An exercise's status, and its mark: done, assisted, pending, or done but edited since it passed.</summary>
        public static (ExerciseStatus Status, string Mark) Status(Exercise exercise, WorkingCopy copy, Style style)
        {
            var progress = copy.Progress.Get(exercise.Name);
            if (progress.Status == ExerciseStatus.Pending)
            {
                return (progress.Status, style.Dim("pending    "));
            }

            var text = copy.Read(exercise, out _);
            var edited = text is null || WorkingCopy.Hash(text) != progress.PassedHash;
            var label = progress.Status == ExerciseStatus.Assisted ? "assisted" : "done    ";
            return edited
                ? (ExerciseStatus.Pending, style.Yellow($"{label.Trim()}, edited since"))
                : (progress.Status, style.Green(label + "   "));
        }

        public static IEnumerable<string> Diagnostics(Verdict verdict, string displayPath, Style style)
        {
            var shown = verdict.Analysis.InFile
                .Where(d => d.Severity == DiagnosticSeverity.Error || Analysis.IsAsyncRulesId(d.Id) || verdict.Exercise.Ids.Contains(d.Id) || d.Id == "CS1998")
                .ToList();
            foreach (var d in shown)
            {
                var span = d.Location.GetLineSpan();
                var id = d.Severity == DiagnosticSeverity.Error ? style.Red(d.Id) : verdict.Exercise.Ids.Contains(d.Id) ? style.Yellow(d.Id) : d.Id;
                var suppressed = d.IsSuppressed ? style.Dim(" (suppressed)") : string.Empty;
                yield return $"  {style.FileLink(displayPath, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1)} {id} {d.GetMessage(CultureInfo.InvariantCulture)}{suppressed}";
                if (Analysis.IsAsyncRulesId(d.Id) || d.Id.StartsWith("CS4", StringComparison.Ordinal) || d.Id.StartsWith("CS8", StringComparison.Ordinal) || d.Id == "CS1624" || d.Id == "CS1061")
                {
                    yield return "      " + style.Dim(style.UrlLink(Hints.HelpLink(d.Id)));
                }
            }

            foreach (var d in verdict.Analysis.ErrorsElsewhere.Take(3))
            {
                var span = d.Location.GetLineSpan();
                yield return $"  {span.Path}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1} {style.Red(d.Id)} {d.GetMessage(CultureInfo.InvariantCulture)}";
            }

            if (shown.Count == 0 && verdict.Analysis.ErrorsElsewhere.IsEmpty)
            {
                yield return "  " + style.Green("none: no AsyncRules diagnostic and no compiler error in your file");
            }
        }

        public static IEnumerable<string> VerdictLines(Verdict verdict, Style style, int width)
        {
            var ids = string.Join(", ", verdict.Exercise.Ids);
            if (verdict.Passed)
            {
                yield return style.Green(style.Bold($"{(style.Color ? "✓" : "PASS:")} Fixed for real."));
                yield return $"  {ids} is gone, nothing suppresses anything, no new diagnostic, and the demo does its job";
                if (verdict.Reference is { } reference)
                {
                    yield return $"  (it runs like {(reference.Source == ReferenceSource.HandWritten ? "the reference solution" : "AsyncRules' fix")}, on the {verdict.After!.Mode}).";
                }
            }
            else
            {
                yield return style.Red(style.Bold($"{(style.Color ? "✗" : "NOT YET:")} Not fixed yet."));
            }

            foreach (var loophole in verdict.Loopholes)
            {
                yield return $"  {style.Yellow("loophole")} {loophole.Where}: {loophole.What}.";
            }

            foreach (var problem in verdict.Problems)
            {
                foreach (var (line, i) in Hints.Wrap(problem, Math.Max(40, width - 6)).Select((l, i) => (l, i)))
                {
                    yield return (i == 0 ? "  - " : "    ") + line;
                }
            }

            foreach (var note in verdict.Notes)
            {
                yield return $"  note: {note.Where}: {note.What}; remove it, or it will hide your next mistake too.";
            }
        }

        /// <summary>The broken run and the learner's, one after the other, with the time each took and their timelines.</summary>
        public static IEnumerable<string> BeforeAfter(Verdict verdict, Style style)
        {
            if (verdict.After is not { } after)
            {
                yield break;
            }

            var before = verdict.Before;
            var headline = before is { Completed: true }
                ? $"Before {RunComparison.Seconds(before.Elapsed)} → after {RunComparison.Seconds(after.Elapsed)}"
                : !verdict.Exercise.Compiles
                    ? $"After: {RunComparison.Seconds(after.Elapsed)} (the broken file does not compile, so there is no run before)"
                    : $"Before: ended with {before?.Failure ?? "nothing"}; after: {RunComparison.Seconds(after.Elapsed)}";
            yield return style.Bold(headline) + style.Dim($"  ({after.Mode}; times in the demo's own seconds)");
            if (before is { Output.Count: > 0 })
            {
                foreach (var line in Run("before", before, style))
                {
                    yield return line;
                }
            }

            foreach (var line in Run("after", after, style))
            {
                yield return line;
            }

            if (after.Timeline is not null)
            {
                yield return style.Dim("    # the coroutine holds its caller's thread   . it awaits: the thread is free for the others");
            }
        }

        private static IEnumerable<string> Run(string label, RunResult run, Style style)
        {
            yield return style.Cyan($"  {label}:");
            foreach (var line in run.Output.Take(RunLines))
            {
                yield return $"    {line.At.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),6}  {line.Text}";
            }

            if (run.Output.Count > RunLines)
            {
                yield return $"    … {run.Output.Count - RunLines} more line(s)";
            }

            if (run.Failure is { } failure)
            {
                yield return $"    ended with {failure}";
            }

            if (run.Timeline is { } timeline)
            {
                foreach (var line in timeline.Split('\n').Where(l => l.Contains('|', StringComparison.Ordinal) || l.TrimStart().StartsWith("0 s", StringComparison.Ordinal)))
                {
                    yield return "    " + line.TrimEnd('\r');
                }
            }
        }

        /// <summary>The learner's file against the reference their run matched, markers aside.</summary>
        public static IEnumerable<string> ReferenceDiff(Verdict verdict, string displayPath, Style style)
        {
            if (verdict.Reference is not { } reference)
            {
                yield break;
            }

            var name = reference.Source == ReferenceSource.HandWritten ? "the reference solution" : "AsyncRules' fix";
            var diff = UnifiedDiff.Lines(verdict.Analysis.Text, reference.Text, displayPath + " (yours)", name, ignoreMarkers: true);
            if (diff.Count == 0)
            {
                yield return style.Bold($"Your file matches {name} line for line.");
                yield break;
            }

            yield return style.Bold($"Your file against {name}:");
            foreach (var line in Hints.Colour(diff, style))
            {
                yield return "  " + line;
            }
        }
    }
}
