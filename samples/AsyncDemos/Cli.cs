using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncDemos.Demos;

namespace AsyncDemos;

/// <summary>
/// The command line: one subcommand per demo, each with <c>--help</c>. Bad arguments end with a message that names the
/// option and the value and a non-zero exit code; Ctrl+C (the <see cref="CancellationToken"/>) ends a demo with a note
/// and exit code 130.
/// </summary>
internal static class Cli
{
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, DemoHost host, CancellationToken cancellationToken)
    {
        var configuration = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            // Program handles Ctrl+C itself and passes the token in; tests pass their own.
            ProcessTerminationTimeout = null,
        };
        return await BuildRoot(host).Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    internal static RootCommand BuildRoot(DemoHost host)
    {
        var root = new RootCommand(
            "The asyncio walkthrough's demos in C#. Each prints what its coroutines do and how long the run took.\n"
            + "Compare countsync with countasync, with --timeline to see which pauses overlap.");

        var countsync = Demo(host, "countsync", "Count() prints One, blocks 1 s, prints Two; three calls in a row: One Two One Two One Two, about 3 s.", seeded: false);
        countsync.Build((demo, _, token) =>
        {
            CountSyncDemo.Run(demo, token);
            return Task.CompletedTask;
        });

        var countasync = Demo(host, "countasync", "Three CountAsync() coroutines that await a 1 s delay, gathered: One One One Two Two Two, about 1 s.", seeded: false);
        countasync.Build((demo, _, token) => CountAsyncDemo.RunAsync(demo, token));

        var rand = Demo(host, "rand", "Three coroutines draw 0..10 until they beat 9, 8 and 7, pausing idx + 1 s between draws.", seeded: true);
        rand.Build((demo, _, token) => RandDemo.RunAsync(demo, token));

        var chain = Demo(host, "chain", "Chained coroutines: part 1 then part 2 of each chain, random 0-10 s pauses; the chains run concurrently.", seeded: true);
        var chains = new Argument<int[]>("n")
        {
            Description = "The chains to run (whole numbers); the walkthrough runs 9 6 3.",
            Arity = ArgumentArity.ZeroOrMore,
            CustomParser = ParseChains,
            DefaultValueFactory = _ => ChainDemo.DefaultChains.ToArray(),
        };
        chain.Command.Arguments.Add(chains);
        chain.Build((demo, parse, token) => ChainDemo.RunAsync(demo, parse.GetValue(chains) ?? ChainDemo.DefaultChains.ToArray(), token));

        var queue = Demo(host, "queue", "Producers put random items into a queue at random moments; consumers take them and report how long each waited.", seeded: true);
        var producers = CountOption("--producers", "-p", QueueDemo.DefaultProducers, "How many producers (1-1000).");
        var consumers = CountOption("--consumers", "-c", QueueDemo.DefaultConsumers, "How many consumers (1-1000).");
        queue.Command.Options.Add(producers);
        queue.Command.Options.Add(consumers);
        queue.Build((demo, parse, token) => QueueDemo.RunAsync(demo, parse.GetValue(producers), parse.GetValue(consumers), token));

        foreach (var command in new[] { countsync, countasync, rand, chain, queue })
        {
            root.Subcommands.Add(command.Command);
        }

        return root;
    }

    private static DemoCommand Demo(DemoHost host, string name, string description, bool seeded)
    {
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Multiply every pause by this factor: 0.1 runs ten times faster.",
            DefaultValueFactory = _ => 1.0,
            CustomParser = ParseTimeScale,
        };
        var timeline = new Option<bool>("--timeline")
        {
            Description = "At the end, draw when each coroutine ran (#) and awaited (.) as a chart, one row per coroutine.",
        };
        var seed = seeded
            ? new Option<int>("--seed")
            {
                Description = "Seed for the random numbers; the same seed gives the same run.",
                DefaultValueFactory = _ => AsyncDemos.Demo.DefaultSeed,
                CustomParser = result => TryParseWholeNumber(result, "--seed", out var value) ? value : AsyncDemos.Demo.DefaultSeed,
            }
            : null;

        var command = new Command(name, description);
        command.Options.Add(timeScale);
        if (seed is not null)
        {
            command.Options.Add(seed);
        }

        command.Options.Add(timeline);
        return new DemoCommand(command, host, timeScale, seed, timeline);
    }

    private static Option<int> CountOption(string name, string alias, int defaultValue, string description)
        => new(name, alias)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                if (!TryParseWholeNumber(result, name, out var value))
                {
                    return defaultValue;
                }

                if (value < 1 || value > 1000)
                {
                    result.AddError($"{name} must be between 1 and 1000, not {value}.");
                }

                return value;
            },
        };

    private static bool TryParseWholeNumber(ArgumentResult result, string what, out int value)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        result.AddError($"{what} must be a whole number, not '{text}'.");
        return false;
    }

    private static int[] ParseChains(ArgumentResult result)
    {
        var chains = new List<int>();
        foreach (var token in result.Tokens)
        {
            if (!int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                result.AddError($"chain takes whole numbers (like chain 9 6 3), not '{token.Value}'.");
                return Array.Empty<int>();
            }

            chains.Add(n);
        }

        return chains.ToArray();
    }

    private static double ParseTimeScale(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0 && value <= 1000)
        {
            return value;
        }

        result.AddError($"--time-scale must be a number greater than 0 and at most 1000 (like 0.1), not '{text}'.");
        return 1;
    }

    /// <summary>A demo's subcommand and the options every demo shares.</summary>
    private sealed record DemoCommand(Command Command, DemoHost Host, Option<double> TimeScale, Option<int>? Seed, Option<bool> Timeline)
    {
        public void Build(Func<Demo, ParseResult, CancellationToken, Task> run)
            => Command.SetAction((parse, token) => RunDemoAsync(parse, run, token));

        private async Task<int> RunDemoAsync(ParseResult parse, Func<Demo, ParseResult, CancellationToken, Task> run, CancellationToken cancellationToken)
        {
            // Print numbers the way the Python originals do (1.00, not 1,00) whatever the machine's locale.
            // The culture flows with the demo's awaits and is restored when this method returns.
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var demo = new Demo(
                Command.Name,
                Host.Out,
                Host.Time,
                parse.GetValue(TimeScale),
                Seed is null ? AsyncDemos.Demo.DefaultSeed : parse.GetValue(Seed),
                Host.Color);
            var exitCode = 0;
            try
            {
                await run(demo, parse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                demo.WriteElapsed($"{Command.Name} cancelled after");
                exitCode = Cancelled;
            }

            if (parse.GetValue(Timeline))
            {
                demo.WriteLine();
                Host.Out.Write(demo.Timeline.Render());
            }

            return exitCode;
        }
    }
}
