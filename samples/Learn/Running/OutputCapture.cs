using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace AsyncRules.Learn.Running
{
    /// <summary>
    /// Demo code writes to <see cref="Console"/>. The tool installs one writer as Console.Out and Console.Error, once,
    /// which sends each write to the capture of the run it comes from (an async-local that flows into everything the run
    /// starts), or to the real console when no run is in progress. Runs in parallel (tests) and leftovers of an earlier
    /// run (an orphaned async void) therefore never mix.
    /// </summary>
    internal static class OutputCapture
    {
        private static readonly AsyncLocal<RunOutput?> Current = new();
        private static readonly object Gate = new();
        private static bool installed;

        public static void Install()
        {
            lock (Gate)
            {
                if (installed)
                {
                    return;
                }

                Console.SetOut(new Router(Console.Out, error: false));
                Console.SetError(new Router(Console.Error, error: true));
                installed = true;
            }
        }

        /// <summary>Makes <paramref name="output"/> the capture of the calling flow (and of all it starts from now on).</summary>
        public static void Begin(RunOutput output)
        {
            Install();
            Current.Value = output;
        }

        public static void End() => Current.Value = null;

        private sealed class Router : TextWriter
        {
            private readonly TextWriter fallback;
            private readonly bool error;

            public Router(TextWriter fallback, bool error)
            {
                this.fallback = fallback;
                this.error = error;
            }

            public override Encoding Encoding => fallback.Encoding;

            public override void Write(char value)
            {
                if (Current.Value is { } output)
                {
                    output.Write(value.ToString(), error);
                }
                else
                {
                    fallback.Write(value);
                }
            }

            public override void Write(string? value)
            {
                if (Current.Value is { } output)
                {
                    output.Write(value ?? string.Empty, error);
                }
                else
                {
                    fallback.Write(value);
                }
            }

            public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

            public override void WriteLine(string? value) => Write((value ?? string.Empty) + "\n");

            public override void WriteLine() => Write("\n");

            public override void Flush()
            {
                if (Current.Value is null)
                {
                    fallback.Flush();
                }
            }
        }
    }

    /// <summary>What one run printed, line by line, each stamped with the demo time at which it was completed.</summary>
    internal sealed class RunOutput
    {
        private readonly object gate = new();
        private readonly List<OutputLine> lines = new();
        private readonly StringBuilder partial = new();
        private readonly Func<TimeSpan> now;
        private bool closed;

        public RunOutput(Func<TimeSpan> now) => this.now = now;

        public IReadOnlyList<OutputLine> Lines
        {
            get
            {
                lock (gate)
                {
                    return lines.ToArray();
                }
            }
        }

        public void Write(string text, bool error)
        {
            lock (gate)
            {
                if (closed)
                {
                    return;
                }

                foreach (var c in text)
                {
                    if (c == '\n')
                    {
                        lines.Add(new OutputLine(now(), partial.ToString().TrimEnd('\r'), error));
                        partial.Clear();
                    }
                    else
                    {
                        partial.Append(c);
                    }
                }

                if (lines.Count > 10_000)
                {
                    closed = true;
                    lines.Add(new OutputLine(now(), "(the learn tool stopped recording here: more than 10,000 lines)", true));
                }
            }
        }

        /// <summary>Ends the recording: an unfinished last line is kept, later writes (orphaned work) are dropped.</summary>
        public void Close()
        {
            lock (gate)
            {
                if (!closed && partial.Length > 0)
                {
                    lines.Add(new OutputLine(now(), partial.ToString(), false));
                    partial.Clear();
                }

                closed = true;
            }
        }
    }

    internal sealed record OutputLine(TimeSpan At, string Text, bool Error);
}
