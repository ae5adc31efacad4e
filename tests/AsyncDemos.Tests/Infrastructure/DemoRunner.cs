using System;
using System.IO;
using System.Linq;
using System.Threading;

namespace AsyncDemos.Tests.Infrastructure
{
    /// <summary>What a run of the command line printed, its exit code and how much virtual time it took.</summary>
    internal sealed record DemoRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
    {
        /// <summary>Output lines, without the trailing empty one.</summary>
        public string[] Lines => Output.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');

        /// <summary>Output up to the timeline, if any.</summary>
        public string[] DemoLines => Lines.TakeWhile(l => !l.StartsWith("Timeline:", StringComparison.Ordinal)).Where(l => l.Length > 0).ToArray();

        public override string ToString() => $"exit {ExitCode} after {Elapsed}\n--- stdout\n{Output}--- stderr\n{Error}";
    }

    /// <summary>Runs the real command line (<see cref="Cli"/>) on a virtual clock and an event loop, capturing its output.</summary>
    internal static class DemoRunner
    {
        public static DemoRun Run(params string[] args) => Run(args, color: false, cancelAt: null);

        /// <param name="cancelAt">When to cancel, in virtual time: what Ctrl+C does in Program.</param>
        public static DemoRun Run(string[] args, bool color, TimeSpan? cancelAt)
        {
            var clock = new VirtualClock();
            var output = new StringWriter();
            var error = new StringWriter();
            using var cancel = new CancellationTokenSource();
            using var ctrlC = cancelAt is { } at ? clock.CreateTimer(_ => cancel.Cancel(), null, at, Timeout.InfiniteTimeSpan) : null;
            var exitCode = EventLoop.Run(clock, () => Cli.RunAsync(args, new DemoHost(output, error, clock, color), cancel.Token));
            if (clock.TimersCreatedOffLoop > 0)
            {
                throw new InvalidOperationException($"{clock.TimersCreatedOffLoop} pause(s) started off the event loop: the run is not deterministic.");
            }

            return new DemoRun(exitCode, output.ToString(), error.ToString(), clock.Now);
        }
    }
}
