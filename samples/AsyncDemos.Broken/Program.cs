// The broken demos. Each file is one mistake; its header names the rule(s) it trips and every offending line is
// marked with the rule ID. Build this project to see the warnings, run a demo to feel the difference, then apply
// the fixes (in your editor, or with `dotnet format analyzers`) and run it again.
// This file trips nothing. It stays free of packages: the tests compile the samples with the bare framework.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class Program
{
    private static readonly (string Name, string Mistake, Func<Task> Run)[] Demos =
    {
        ("countasync-sleep", "countasync pausing with Thread.Sleep (ASYNC030): 3 s instead of 1", CountAsyncWithThreadSleep.RunAsync),
        ("countasync-waitall", "countasync gathering with Task.WaitAll (ASYNC010): holds the caller's thread", CountAsyncWithWaitAll.RunAsync),
        ("chain-result", "chain reading part 1's .Result (ASYNC010): the chains no longer overlap", ChainWithResult.RunAsync),
        ("countasync-void", "countasync with async void counts (ASYNC001): the time is printed before they finish", CountAsyncVoid.RunAsync),
        ("countasync-foreach", "countasync with List.ForEach(async ...) (ASYNC002): async void lambdas nobody awaits", CountEachWithListForEach.RunAsync),
        ("countasync-unawaited", "countasync gathering with Task.WhenAll and not awaiting it (CS4014)", GatherWithoutAwait.RunAsync),
        ("producer-dropped", "a producer started with Task.Run and dropped (ASYNC003): its failure is never seen", ProducerStartedAndDropped.RunAsync),
        ("queue-semaphore", "consumers waiting on SemaphoreSlim.Wait in a coroutine (ASYNC031): each holds a thread while the queue is empty", QueueConsumerWithSemaphoreWait.RunAsync),
        ("main-blocking", "a sync Main waiting on the demo with .Wait() (ASYNC011): sync-over-async, a deadlock under a UI thread", SyncMainBlockingOnTheDemo.RunAsync),
        ("queue-ignoring-token", "a consumer that waits without its cancellation token (ASYNC040): it stops late", QueueConsumerIgnoringToken.RunAsync),
        ("chain-sync-read", "a chain link reading its input with File.ReadAllText (ASYNC031): the thread waits on the disk", ChainWithSyncFileRead.RunAsync),
        ("chain-startnew", "a chain link started with Task.Factory.StartNew(async ...) (ASYNC004): only the outer task is awaited", ChainWithStartNew.RunAsync),
        ("chain-null-task", "a chain link returning null for its Task (ASYNC005): NullReferenceException on await", ChainWithNullTask.RunAsync),
        ("chain-continuewith", "a chain hung together with ContinueWith (ASYNC006): a failure reaches the caller as an AggregateException", ChainWithContinueWith.RunAsync),
        ("countstream-blocking", "two readers of an async generator using ToBlockingEnumerable (ASYNC020): they no longer overlap", CountStreamWithToBlockingEnumerable.RunAsync),
        ("ticker-no-token", "await foreach without the caller's token (ASYNC021): cancelling does not stop the ticker", TickerWithoutToken.RunAsync),
        ("ticker-dropped", "an async generator called and dropped (ASYNC022): nothing of it runs", TickerDropped.RunAsync),
        ("ticker-undisposed", "an async enumerator never disposed (ASYNC023): the generator's finally never runs", TickerEnumeratorNotDisposed.RunAsync),
        ("ticker-withcancellation", "a generator's token without [EnumeratorCancellation] (CS8425): WithCancellation is ignored", TickerWithoutEnumeratorCancellation.RunAsync),
    };

    private static async Task<int> Main(string[] args)
    {
        string? name = null;
        var timeline = false;
        foreach (var arg in args)
        {
            if (arg is "-h" or "--help" or "-?")
            {
                Usage(Console.Out);
                return 0;
            }

            if (arg == "--timeline")
            {
                timeline = true;
            }
            else if (arg.StartsWith('-'))
            {
                return Fail($"unknown option '{arg}'.");
            }
            else if (name is not null)
            {
                return Fail($"one demo at a time, not '{name}' and '{arg}'.");
            }
            else
            {
                name = arg;
            }
        }

        if (name is null)
        {
            return Fail("name the demo to run.");
        }

        var demo = Demos.FirstOrDefault(d => d.Name == name);
        if (demo.Run is null)
        {
            return Fail($"there is no demo '{name}'.");
        }

        Timeline.Start();
        await demo.Run();
        if (timeline)
        {
            Console.WriteLine();
            Console.Write(Timeline.Render());
        }

        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine();
        Usage(Console.Error);
        return 2;
    }

    private static void Usage(TextWriter output)
    {
        output.WriteLine("usage: AsyncDemos.Broken <demo> [--timeline]");
        output.WriteLine();
        output.WriteLine("demos, each with one mistake:");
        // One column for the names, as wide as the longest name or option, so that every description starts at the same place.
        var width = Math.Max(Demos.Max(d => d.Name.Length), "--timeline".Length) + 2;
        foreach (var (name, mistake, _) in Demos)
        {
            output.WriteLine($"  {name.PadRight(width)}{mistake}");
        }

        output.WriteLine();
        output.WriteLine("options:");
        output.WriteLine($"  {"--timeline".PadRight(width)}at the end, chart when each coroutine held its caller's thread (#) and awaited (.)");
        output.WriteLine($"  {"-h, --help".PadRight(width)}show this help");
    }
}

/// <summary>
/// For each coroutine a demo starts: how long its caller waited for the call to return (the coroutine held the
/// caller's thread, drawn <c>#</c>) and how long it then went on by itself until it finished (it awaited, <c>.</c>).
/// An async method runs on its caller's thread until its first await of an unfinished task: a coroutine that blocks
/// instead shows as a solid <c>#</c> row, and the next one cannot start until it ends.
/// </summary>
internal static class Timeline
{
    private static readonly Stopwatch Clock = new();
    private static readonly List<Row> Rows = new();

    public static void Start() => Clock.Restart();

    /// <summary>Calls <paramref name="coroutine"/> and records its row under <paramref name="name"/>.</summary>
    public static Task Track(string name, Func<Task> coroutine)
    {
        var row = new Row(name, Clock.Elapsed);
        lock (Rows)
        {
            Rows.Add(row);
        }

        var task = coroutine();
        row.Returned = Clock.Elapsed;
        return WhenFinished(row, task);
    }

    public static string Render(int width = 80)
    {
        Row[] rows;
        lock (Rows)
        {
            rows = Rows.ToArray();
        }

        var total = rows.Select(r => r.Finished ?? Clock.Elapsed).DefaultIfEmpty(TimeSpan.Zero).Max();
        var labelWidth = Math.Clamp(rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max(), 4, 16);
        var columns = width - labelWidth - 3;
        var text = new StringBuilder();
        text.AppendLine("Timeline: one row per coroutine, time runs left to right.");
        foreach (var row in rows)
        {
            var cells = new char[columns];
            Array.Fill(cells, ' ');
            Mark(cells, row.Returned, row.Finished ?? Clock.Elapsed, total, '.');
            Mark(cells, row.Started, row.Returned, total, '#');
            text.Append(row.Name.PadRight(labelWidth)[..labelWidth]).Append(" |").Append(cells).AppendLine("|");
        }

        var end = string.Create(CultureInfo.InvariantCulture, $"{total.TotalSeconds:0.00} s");
        text.Append(' ', labelWidth + 2).Append("0 s".PadRight(columns - end.Length)).AppendLine(end);
        text.AppendLine("# holds the caller's thread: the call has not returned yet");
        text.AppendLine(". awaits: the call has returned, the thread is free for the others");
        return text.ToString();
    }

    /// <summary>Marks the columns whose middle [from, to] covers; a stretch too short for that marks one column.</summary>
    private static void Mark(char[] cells, TimeSpan from, TimeSpan to, TimeSpan total, char mark)
    {
        if (to < from || total <= TimeSpan.Zero)
        {
            return;
        }

        var start = from / total * cells.Length;
        var end = to / total * cells.Length;
        var first = Math.Max(0, (int)Math.Ceiling(start - 0.5));
        var last = Math.Min(cells.Length - 1, (int)Math.Ceiling(end - 0.5) - 1);
        if (last < first)
        {
            first = last = Math.Clamp((int)Math.Floor((start + end) / 2), 0, cells.Length - 1);
        }

        for (var c = first; c <= last; c++)
        {
            cells[c] = mark;
        }
    }

    private static async Task WhenFinished(Row row, Task task)
    {
        try
        {
            await task;
        }
        finally
        {
            row.Finished = Clock.Elapsed;
        }
    }

    private sealed class Row
    {
        public Row(string name, TimeSpan started)
        {
            Name = name;
            Started = started;
            Returned = started;
        }

        public string Name { get; }

        public TimeSpan Started { get; }

        public TimeSpan Returned { get; set; }

        public TimeSpan? Finished { get; set; }
    }
}
