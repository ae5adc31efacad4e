using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using AsyncRules.Learn.Checking;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Progress;

namespace AsyncRules.Learn.Ui
{
    /// <summary>
    /// The learner's loop: the current exercise on screen, checked whenever its file is saved; keys for hints, the list,
    /// moving on and resetting. Moving on is always the learner's choice (a pass never jumps ahead). Without a terminal
    /// the same commands are read as lines, which is how the tests drive it.
    /// </summary>
    internal sealed class WatchLoop
    {
        private readonly Options options;
        private readonly LearnConsole console;
        private readonly ExerciseSet set;
        private readonly Style style;
        private readonly Channel<LoopEvent> events = Channel.CreateUnbounded<LoopEvent>();
        private readonly List<string> messages = new();
        private WorkingCopy copy = null!;
        private ExerciseChecker checker = null!;
        private FileWatch? watch;
        private int index;
        private Verdict? verdict;
        private string? readProblem;
        private string? checkedHash;
        private Hint? hint;
        private int hintStep;
        private Screen screen = Screen.Exercise;
        private string typed = string.Empty;
        private bool showDiff;

        public WatchLoop(Options options, LearnConsole console, ExerciseSet set, Style style)
        {
            this.options = options;
            this.console = console;
            this.set = set;
            this.style = style;
        }

        private enum Screen
        {
            Exercise,
            ConfirmReset,
            List,
        }

        private Exercise Current => set.Exercises[index];

        private string DisplayPath => LearnApp.Relative(console, copy.PathOf(Current));

        private bool Clears => console.OutputIsTerminal && !options.NoClear;

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            var root = LearnApp.Root(options, console);
            copy = WorkingCopy.Open(root, set, create: true, out var added);
            (checker, var owned) = LearnApp.CheckerFor(set, LearnApp.ModeFor(options, interactive: true));
            using var disposeChecker = owned;
            if (added.Count == set.Exercises.Length)
            {
                messages.Add($"Your exercises are in {LearnApp.Relative(console, root)}: edit them there (the repository's samples stay as they are).");
            }
            else if (added.Count > 0)
            {
                messages.Add($"New exercises since your last session: {string.Join(", ", added.Select(e => e.Name))}.");
            }

            if (copy.Progress.Warning is { } warning)
            {
                messages.Add(warning);
            }

            index = StartIndex();
            console.Out.WriteLine(style.Dim($"Loading AsyncRules' analyzers and compiling the demos ({set.Exercises.Length} exercises)..."));
            await checker.Workspace.WarmUpAsync(cancellationToken).ConfigureAwait(false);

            using (watch = new FileWatch(root, options.Poll, options.Manual, console.Env, path => events.Writer.TryWrite(new LoopEvent.FileChanged(path)), text => events.Writer.TryWrite(new LoopEvent.Announce(text))))
            {
                StartInput(cancellationToken);
                await OpenAsync(index, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    LoopEvent next;
                    try
                    {
                        next = await events.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        console.Out.WriteLine();
                        console.Out.WriteLine("Stopped. Your progress is saved; run the same command to continue.");
                        return 0;
                    }

                    switch (next)
                    {
                        case LoopEvent.FileChanged:
                            // Editors save in steps: let the last write land, then check once for all of them.
                            await Task.Delay(120, cancellationToken).ConfigureAwait(false);
                            while (events.Reader.TryPeek(out var more) && more is LoopEvent.FileChanged)
                            {
                                events.Reader.TryRead(out _);
                            }

                            if (screen == Screen.Exercise)
                            {
                                await CheckAsync(force: false, cancellationToken).ConfigureAwait(false);
                            }

                            break;
                        case LoopEvent.Announce announce:
                            messages.Add(announce.Text);
                            Render();
                            break;
                        case LoopEvent.Input input when input.Text is null:
                            console.Out.WriteLine("Input ended. Your progress is saved; run the same command to continue.");
                            return 0;
                        case LoopEvent.Input input:
                            if (!await HandleAsync(input.Text!, cancellationToken).ConfigureAwait(false))
                            {
                                console.Out.WriteLine("Bye. Your progress is saved; run the same command to continue.");
                                return 0;
                            }

                            break;
                    }
                }
            }
        }

        private int StartIndex()
        {
            if (options.Target is { } target)
            {
                var named = set.Find(target) ?? throw new LearnException($"there is no exercise '{target}' (see 'list').");
                return named.Number - 1;
            }

            if (copy.Progress.Current is { } current && set.Find(current) is { } saved)
            {
                return saved.Number - 1;
            }

            var firstPending = set.Exercises.FirstOrDefault(e => Screens.Status(e, copy, style).Status == ExerciseStatus.Pending);
            return firstPending is null ? 0 : firstPending.Number - 1;
        }

        private void StartInput(CancellationToken cancellationToken)
        {
            if (console.KeysAvailable && console.ReadKeyAsync is { } readKey)
            {
                _ = Task.Run(async () =>
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var key = await readKey(cancellationToken).ConfigureAwait(false);
                        events.Writer.TryWrite(new LoopEvent.Input(key?.ToString()));
                        if (key is null)
                        {
                            return;
                        }
                    }
                }, cancellationToken);
            }
            else
            {
                _ = Task.Run(async () =>
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var line = await console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                        events.Writer.TryWrite(new LoopEvent.Input(line is null ? null : line.Trim() + "\n"));
                        if (line is null)
                        {
                            return;
                        }
                    }
                }, cancellationToken);
            }
        }

        /// <summary>One key (or one line of commands without a terminal). False to quit.</summary>
        private async Task<bool> HandleAsync(string input, CancellationToken cancellationToken)
        {
            if (screen == Screen.List)
            {
                HandleList(input);
                if (screen == Screen.Exercise)
                {
                    await OpenAsync(index, cancellationToken).ConfigureAwait(false);
                }

                return true;
            }

            if (screen == Screen.ConfirmReset)
            {
                screen = Screen.Exercise;
                if (input.TrimStart().StartsWith("y", StringComparison.OrdinalIgnoreCase))
                {
                    var backup = copy.Reset(Current);
                    messages.Add(backup is null ? $"{Current.Name} is back to its original." : $"{Current.Name} is back to its original; your file is in {LearnApp.Relative(console, backup)}. (Reload it in your editor.)");
                    hintStep = 0;
                    hint = null;
                    await CheckAsync(force: true, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    messages.Add("Not reset.");
                    Render();
                }

                return true;
            }

            foreach (var key in input.Where(c => !char.IsWhiteSpace(c)).DefaultIfEmpty('\n'))
            {
                switch (char.ToLowerInvariant(key))
                {
                    case 'q':
                        return false;
                    case 'n':
                        if (index + 1 < set.Exercises.Length)
                        {
                            await OpenAsync(index + 1, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            messages.Add("That was the last exercise. l lists them all, with what is left.");
                            Render();
                        }

                        break;
                    case 'p':
                        await OpenAsync(Math.Max(0, index - 1), cancellationToken).ConfigureAwait(false);
                        break;
                    case 'r':
                        await CheckAsync(force: true, cancellationToken).ConfigureAwait(false);
                        break;
                    case 'h':
                        await NextHintAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case 'a':
                        await ApplyAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case 'd':
                        showDiff = !showDiff;
                        Render();
                        break;
                    case 'l':
                        screen = Screen.List;
                        typed = string.Empty;
                        Render();
                        break;
                    case 'x':
                        screen = Screen.ConfirmReset;
                        Render();
                        break;
                    case '?':
                        messages.Add("h hint · a apply AsyncRules' fix (after the last hint) · r check now · n next · p previous · l list · x reset · d reference diff · q quit");
                        Render();
                        break;
                }
            }

            return true;
        }

        private void HandleList(string input)
        {
            foreach (var key in input)
            {
                if (char.IsDigit(key))
                {
                    typed += key;
                }
                else if (key == '\b' && typed.Length > 0)
                {
                    typed = typed[..^1];
                }
                else if (key == '\n' || key == '\r')
                {
                    if (typed.Length > 0 && int.TryParse(typed, out var number) && number >= 1 && number <= set.Exercises.Length)
                    {
                        index = number - 1;
                        screen = Screen.Exercise;
                        return;
                    }

                    if (typed.Length > 0)
                    {
                        messages.Add($"There is no exercise {typed}.");
                        typed = string.Empty;
                    }
                    else
                    {
                        screen = Screen.Exercise;
                        Render();
                        return;
                    }
                }
                else if (key is 'q' or '\u001b' or 'l')
                {
                    screen = Screen.Exercise;
                    Render();
                    return;
                }
            }

            Render();
        }

        private async Task OpenAsync(int newIndex, CancellationToken cancellationToken)
        {
            index = newIndex;
            screen = Screen.Exercise;
            verdict = null;
            hint = null;
            showDiff = false;
            checkedHash = null;
            hintStep = 0;
            copy.Progress.SetCurrent(Current.Name);
            watch?.Track(copy.PathOf(Current));
            _ = checker.PrefetchAsync(Current, cancellationToken).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            await CheckAsync(force: true, cancellationToken).ConfigureAwait(false);
        }

        private async Task CheckAsync(bool force, CancellationToken cancellationToken)
        {
            var text = copy.Read(Current, out readProblem);
            if (text is null)
            {
                verdict = null;
                checkedHash = null;
                Render();
                return;
            }

            var hash = WorkingCopy.Hash(text);
            if (!force && hash == checkedHash)
            {
                return; // saved without a change
            }

            checkedHash = hash;
            if (verdict is not null)
            {
                console.Out.WriteLine(style.Dim("Checking..."));
            }

            var path = copy.PathOf(Current);
            verdict = await checker.CheckAsync(Current, text, DisplayPath, Loopholes.InConfiguration(path, Current.Ids), cancellationToken).ConfigureAwait(false);
            if (verdict.Passed)
            {
                var assisted = copy.Progress.Get(Current.Name).Status == ExerciseStatus.Assisted;
                copy.Progress.MarkPassed(Current.Name, hash, assisted);
            }

            if (hint is not null && hint.Step >= 2)
            {
                // The spot and the fix follow the file; the idea and the page do not change.
                hint = await Hints.StepAsync(hint.Step, Current, verdict.Analysis, checker, DisplayPath, style, cancellationToken).ConfigureAwait(false);
            }

            Render();
        }

        private async Task NextHintAsync(CancellationToken cancellationToken)
        {
            if (verdict is null)
            {
                messages.Add(readProblem ?? "Nothing to hint at yet.");
                Render();
                return;
            }

            if (hintStep >= Hints.Steps)
            {
                messages.Add(hint?.ApplyText is not null
                    ? "That was the last hint: a applies the fix above (the exercise then counts as assisted), x starts over."
                    : "That was the last hint.");
                Render();
                return;
            }

            hintStep++;
            copy.Progress.CountHint(Current.Name, hintStep);
            hint = await Hints.StepAsync(hintStep, Current, verdict.Analysis, checker, DisplayPath, style, cancellationToken).ConfigureAwait(false);
            Render();
        }

        private async Task ApplyAsync(CancellationToken cancellationToken)
        {
            if (hint is not { Step: Hints.Steps, ApplyText: { } text })
            {
                messages.Add(hintStep < Hints.Steps
                    ? $"a applies AsyncRules' fix once you have seen it: h shows hint {hintStep + 1} of {Hints.Steps}, the last one is the fix."
                    : "There is no fix to apply here.");
                Render();
                return;
            }

            var backup = copy.Backup(Current, DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
            copy.Write(Current, text);
            copy.Progress.MarkAssisted(Current.Name);
            messages.Add($"Applied {hint.ApplyWhat}; the exercise counts as assisted. Your previous file is in {(backup is null ? "(none)" : LearnApp.Relative(console, backup))}. Reload it in your editor.");
            hint = null;
            hintStep = 0;
            await CheckAsync(force: true, cancellationToken).ConfigureAwait(false);
        }

        private void Render()
        {
            var output = console.Out;
            if (Clears)
            {
                output.Write("\u001b[2J\u001b[3J\u001b[H");
            }
            else
            {
                output.WriteLine();
                output.WriteLine(style.Dim(new string('─', Math.Min(console.Width, 100))));
            }

            if (screen == Screen.List)
            {
                output.WriteLine(style.Bold("Exercises"));
                foreach (var line in Screens.ListLines(set, copy, style, Current.Name))
                {
                    output.WriteLine(line);
                }

                output.WriteLine();
                output.WriteLine($"Continue at: type a number and Enter{(typed.Length > 0 ? $" [{typed}]" : string.Empty)}; Enter alone or q goes back.");
                FlushMessages();
                output.Flush();
                return;
            }

            var exercise = Current;
            var done = set.Exercises.Count(e => Screens.Status(e, copy, style).Status != ExerciseStatus.Pending);
            output.WriteLine(style.Dim($"AsyncRules learn · {done}/{set.Exercises.Length} done · part {exercise.Family.Number}: {exercise.Family.Title}"));
            output.WriteLine(style.Bold($"Exercise {exercise.Number} of {set.Exercises.Length}: {exercise.Name}") + $" ({string.Join(", ", exercise.Ids)})");
            foreach (var line in Hints.Wrap(exercise.Mistake, Math.Max(40, console.Width - 4)))
            {
                output.WriteLine("  " + line);
            }

            foreach (var line in Hints.Wrap(exercise.Explanation, Math.Max(40, console.Width - 4)))
            {
                output.WriteLine("  " + style.Dim(line));
            }

            output.WriteLine("  Your file: " + style.FileLink(DisplayPath));
            output.WriteLine();

            if (readProblem is not null)
            {
                output.WriteLine(style.Red("  " + readProblem));
            }
            else if (verdict is not null)
            {
                output.WriteLine(style.Bold("Diagnostics") + style.Dim($" (checked in {verdict.CheckTime.TotalMilliseconds:0} ms{(verdict.After is null ? string.Empty : $", ran in {verdict.RunTime.TotalMilliseconds:0} ms")})"));
                foreach (var line in Screens.Diagnostics(verdict, DisplayPath, style))
                {
                    output.WriteLine(line);
                }

                output.WriteLine();
                foreach (var line in Screens.VerdictLines(verdict, style, console.Width))
                {
                    output.WriteLine(line);
                }

                if (verdict.Passed)
                {
                    output.WriteLine();
                    foreach (var line in Screens.BeforeAfter(verdict, style))
                    {
                        output.WriteLine(line);
                    }

                    output.WriteLine();
                    foreach (var line in Screens.ReferenceDiff(verdict, DisplayPath, style))
                    {
                        output.WriteLine(line);
                    }
                }
                else if (showDiff)
                {
                    output.WriteLine();
                    output.WriteLine("  The reference is shown once the exercise passes (or take the hints: the last one is the fix).");
                }
            }

            if (hint is not null)
            {
                output.WriteLine();
                output.WriteLine(style.Cyan(style.Bold($"Hint {hint.Step} of {Hints.Steps}: {hint.Title}")));
                foreach (var line in hint.Lines)
                {
                    output.WriteLine("  " + line);
                }

                if (hint.ApplyText is not null)
                {
                    output.WriteLine(style.Cyan($"  a: apply it (the exercise then counts as assisted)"));
                }
            }

            if (screen == Screen.ConfirmReset)
            {
                output.WriteLine();
                output.WriteLine(style.Yellow($"Reset {exercise.Name} to its original? Your file is kept in {LearnApp.Relative(console, copy.BackupFolder)}. (y/n)"));
            }

            output.WriteLine();
            FlushMessages();
            output.WriteLine(style.Dim(watch?.Description ?? string.Empty));
            var next = verdict?.Passed == true ? style.Bold("n next") : "n next";
            output.WriteLine($"{next} · h hint · l list · x reset · r check · q quit");
            output.Flush();
        }

        private void FlushMessages()
        {
            foreach (var message in messages)
            {
                foreach (var line in Hints.Wrap(message, Math.Max(40, console.Width - 2)))
                {
                    console.Out.WriteLine(style.Yellow(line));
                }
            }

            messages.Clear();
        }

        private abstract record LoopEvent
        {
            public sealed record FileChanged(string Path) : LoopEvent;

            public sealed record Announce(string Text) : LoopEvent;

            /// <summary>A key, or a line of keys without a terminal; null at the end of input.</summary>
            public sealed record Input(string? Text) : LoopEvent;
        }
    }
}
