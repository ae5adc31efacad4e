using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Running;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Learn.Checking
{
    /// <summary>Where a reference solution comes from.</summary>
    internal enum ReferenceSource
    {
        /// <summary>samples/Learn/Solutions/Name.cs, written by hand.</summary>
        HandWritten,

        /// <summary>No hand-written one: AsyncRules' fixes applied to the broken file until none is left.</summary>
        CodeFix,
    }

    internal sealed record Reference(string Text, ReferenceSource Source);

    /// <summary>The answer to "is my fix real?", with everything needed to show why.</summary>
    internal sealed record Verdict(
        Exercise Exercise,
        Analysis Analysis,
        ImmutableArray<string> Problems,
        ImmutableArray<Loophole> Loopholes,
        ImmutableArray<Loophole> Notes,
        RunResult? After,
        RunResult? Before,
        RunResult? Expected,
        Reference? Reference,
        TimeSpan CheckTime,
        TimeSpan RunTime)
    {
        public bool Passed => Problems.IsEmpty && Loopholes.IsEmpty;

        /// <summary>The exercise's own diagnostics still reported (not suppressed).</summary>
        public IEnumerable<Diagnostic> Remaining => Analysis.InFile.Where(d => !d.IsSuppressed && Exercise.Ids.Contains(d.Id));
    }

    /// <summary>
    /// Checks an exercise's file: fixed for real means its diagnostic is gone, nothing suppresses anything, no new
    /// AsyncRules diagnostic or compiler error appeared, and the demo, run, does what the reference solution does.
    /// Reference runs and the broken file's runs are computed once per clock and kept.
    /// </summary>
    internal sealed class ExerciseChecker : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<ImmutableArray<Reference>>>> references = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string, string, RunMode), Lazy<Task<RunResult>>> runs = new();

        public ExerciseChecker(ExerciseSet set, RunMode mode)
        {
            Workspace = new LearnWorkspace(set);
            Mode = mode;
        }

        public LearnWorkspace Workspace { get; }

        public ExerciseSet Set => Workspace.Set;

        public RunMode Mode { get; }

        /// <param name="displayPath">The file as the learner knows it (their working copy), for messages.</param>
        /// <param name="configuration">Loopholes in the configuration around the file (see <see cref="Loopholes.InConfiguration"/>).</param>
        public async Task<Verdict> CheckAsync(Exercise exercise, string text, string displayPath, ImmutableArray<Loophole> configuration = default, CancellationToken cancellationToken = default)
        {
            var analysis = await Workspace.AnalyzeAsync(exercise, text, cancellationToken).ConfigureAwait(false);
            var problems = ImmutableArray.CreateBuilder<string>();
            var inFile = Loopholes.InFile(analysis, displayPath);
            // The mistakes that do not compile (CS4033, ...) are still there while their error is; other errors are new.
            var errors = analysis.InFile.Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed).ToList();
            foreach (var diagnostic in errors.Where(d => exercise.Ids.Contains(d.Id)))
            {
                problems.Add($"{diagnostic.Id} is still there (line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}), so it does not compile yet");
            }

            var otherErrors = errors.Count(d => !exercise.Ids.Contains(d.Id));
            if (otherErrors > 0)
            {
                problems.Add(otherErrors == 1 ? "it does not compile: 1 error" : $"it does not compile: {otherErrors} errors");
            }

            if (!analysis.ErrorsElsewhere.IsEmpty)
            {
                problems.Add($"it breaks {Display(analysis.ErrorsElsewhere[0])}, which the demo needs");
            }

            var remaining = analysis.InFile.Where(d => !d.IsSuppressed && exercise.Ids.Contains(d.Id) && d.Severity != DiagnosticSeverity.Error).ToList();
            foreach (var diagnostic in remaining)
            {
                problems.Add($"{diagnostic.Id} is still there (line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1})");
            }

            var added = analysis.InFile.Where(d => !d.IsSuppressed && !exercise.Ids.Contains(d.Id) && Analysis.IsAsyncRulesId(d.Id) && d.Severity != DiagnosticSeverity.Error).ToList();
            foreach (var diagnostic in added)
            {
                problems.Add($"new: {diagnostic.Id} at line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}: {diagnostic.GetMessage()}");
            }

            // Configuration that would hide the exercise's warnings in a build: a loophole while they are still there, a note once they are gone.
            var config = configuration.IsDefault ? ImmutableArray<Loophole>.Empty : configuration;
            var loopholes = inFile.AddRange(remaining.Count > 0 || added.Count > 0 ? config : ImmutableArray<Loophole>.Empty);
            var notes = remaining.Count > 0 || added.Count > 0 ? ImmutableArray<Loophole>.Empty : config;
            var checkTime = analysis.Took;

            RunResult? after = null, before = null, expected = null;
            Reference? reference = null;
            var runClock = Stopwatch.StartNew();
            if (problems.Count == 0 && loopholes.IsEmpty)
            {
                var accepted = await ReferencesAsync(exercise, cancellationToken).ConfigureAwait(false);
                if (accepted.IsEmpty)
                {
                    problems.Add("the learn tool has no reference solution for this exercise, so it cannot tell whether the demo still does its job");
                }
                else
                {
                    after = await RunAsync(exercise, text, analysis, cancellationToken).ConfigureAwait(false);
                    before = await RunTextAsync(exercise, exercise.OriginalText, cancellationToken).ConfigureAwait(false);
                    string? firstProblem = null;
                    foreach (var candidate in accepted)
                    {
                        var run = await RunTextAsync(exercise, candidate.Text, cancellationToken).ConfigureAwait(false);
                        var wrong = RunComparison.Compare(after, run, before);
                        if (wrong is null)
                        {
                            (reference, expected, firstProblem) = (candidate, run, null);
                            break;
                        }

                        if (firstProblem is null)
                        {
                            (reference, expected, firstProblem) = (candidate, run, wrong);
                        }
                    }

                    if (firstProblem is not null)
                    {
                        problems.Add("the demo does not do its job yet: " + firstProblem);
                    }
                }
            }

            return new Verdict(exercise, analysis, problems.ToImmutable(), loopholes, notes, after, before, expected, reference, checkTime, runClock.Elapsed);
        }

        /// <summary>
        /// Every accepted solution: the hand-written reference (samples/Learn/Solutions/Name.cs) first, then AsyncRules'
        /// fixes applied to the broken file until none is left. A run must do what one of them does: AsyncRules' fix may
        /// await three counts one after another where the reference gathers them, and both are right.
        /// </summary>
        public Task<ImmutableArray<Reference>> ReferencesAsync(Exercise exercise, CancellationToken cancellationToken = default)
            => references.GetOrAdd(exercise.Name, _ => new Lazy<Task<ImmutableArray<Reference>>>(async () =>
            {
                var accepted = ImmutableArray.CreateBuilder<Reference>();
                if (exercise.ReferenceText is { } handWritten)
                {
                    accepted.Add(new Reference(handWritten, ReferenceSource.HandWritten));
                }

                var (fixedText, applied) = await Workspace.FixUntilDoneAsync(exercise, exercise.OriginalText, CancellationToken.None).ConfigureAwait(false);
                if (!applied.IsEmpty && fixedText != exercise.ReferenceText)
                {
                    var analysis = await Workspace.AnalyzeAsync(exercise, fixedText, CancellationToken.None).ConfigureAwait(false);
                    if (!analysis.InFile.Any(d => !d.IsSuppressed && (d.Severity == DiagnosticSeverity.Error || Analysis.IsAsyncRulesId(d.Id))))
                    {
                        accepted.Add(new Reference(fixedText, ReferenceSource.CodeFix));
                    }
                }

                return accepted.ToImmutable();
            })).Value;

        /// <summary>Starts the runs a verdict on this exercise will need (broken, references) so a save waits only for its own.</summary>
        public Task PrefetchAsync(Exercise exercise, CancellationToken cancellationToken = default)
            => Task.Run(
                async () =>
                {
                    var accepted = await ReferencesAsync(exercise, cancellationToken).ConfigureAwait(false);
                    await RunTextAsync(exercise, exercise.OriginalText, cancellationToken).ConfigureAwait(false);
                    foreach (var reference in accepted)
                    {
                        await RunTextAsync(exercise, reference.Text, cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken);

        /// <summary>Runs the exercise with <paramref name="text"/> as its file (kept per text and clock: the broken and reference runs are reused).</summary>
        public Task<RunResult> RunTextAsync(Exercise exercise, string text, CancellationToken cancellationToken = default)
            => runs.GetOrAdd((exercise.Name, text, Mode), _ => new Lazy<Task<RunResult>>(async () =>
            {
                var analysis = await Workspace.AnalyzeAsync(exercise, text, CancellationToken.None).ConfigureAwait(false);
                return await RunAsync(exercise, text, analysis, CancellationToken.None).ConfigureAwait(false);
            })).Value;

        private async Task<RunResult> RunAsync(Exercise exercise, string text, Analysis analysis, CancellationToken cancellationToken)
        {
            if (analysis.InFile.Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed) || !analysis.ErrorsElsewhere.IsEmpty)
            {
                return new RunResult(Array.Empty<OutputLine>(), TimeSpan.Zero, "it does not compile, so it cannot run", null, Mode);
            }

            var assembly = await Workspace.BuildForRunAsync(analysis, cancellationToken).ConfigureAwait(false);
            var result = await DemoRunner.RunAsync(assembly, exercise, Mode).ConfigureAwait(false);
            runs.TryAdd((exercise.Name, text, Mode), new Lazy<Task<RunResult>>(Task.FromResult(result)));
            return result;
        }

        public static string Display(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            return $"{System.IO.Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
        }

        public void Dispose() => Workspace.Dispose();
    }
}
