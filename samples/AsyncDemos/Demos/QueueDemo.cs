using System;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AsyncDemos.Demos;

/// <summary>
/// queue.py (asyncq): producers put items into a queue at random moments, consumers take them as they come; neither
/// side knows the other. Main awaits the producers, then waits until every item has been taken and marked done, then
/// cancels the consumers, which would otherwise wait for items forever.
/// </summary>
internal static class QueueDemo
{
    public const int DefaultProducers = 5;
    public const int DefaultConsumers = 10;

    public static async Task RunAsync(Demo demo, int producers, int consumers, CancellationToken cancellationToken)
    {
        var queue = new WorkQueue<(string Item, long EnqueuedAt)>();
        using var stopConsumers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producing = Enumerable.Range(0, producers).Select(p => ProduceAsync(demo, p, queue, cancellationToken)).ToArray();
        var consuming = Enumerable.Range(0, consumers).Select(c => ConsumeAsync(demo, c, queue, stopConsumers.Token)).ToArray();

        await Task.WhenAll(producing);
        await queue.JoinAsync(cancellationToken);
        stopConsumers.Cancel();
        await Task.WhenAll(consuming);
        demo.WriteElapsed("Program completed in", "0.00000");
    }

    private static async Task ProduceAsync(Demo demo, int name, WorkQueue<(string, long)> queue, CancellationToken cancellationToken)
    {
        var lane = demo.Timeline.Lane($"producer {name}");
        var random = demo.RandomFor(name);
        var count = random.Next(0, 11);
        for (var i = 0; i < count; i++)
        {
            await RandomSleepAsync(demo, lane, random, $"Producer {name}", cancellationToken);
            var item = MakeItem(random);
            await queue.PutAsync((item, demo.Time.GetTimestamp()), cancellationToken);
            demo.WriteLine($"Producer {name} added <{item}> to queue.");
        }

        lane.Finish();
    }

    private static async Task ConsumeAsync(Demo demo, int name, WorkQueue<(string, long)> queue, CancellationToken cancellationToken)
    {
        var lane = demo.Timeline.Lane($"consumer {name}");
        var random = demo.RandomFor(1000 + name);
        try
        {
            while (true)
            {
                await RandomSleepAsync(demo, lane, random, $"Consumer {name}", cancellationToken);
                lane.Await();
                var (item, enqueuedAt) = await queue.TakeAsync(cancellationToken);
                lane.Run();
                var waited = demo.Time.GetElapsedTime(enqueuedAt);
                demo.WriteLine($"Consumer {name} got element <{item}> in {waited.TotalSeconds:0.00000} seconds.");
                queue.MarkDone();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Main cancels the consumers once the queue is drained (or the user pressed Ctrl+C): the normal way out.
        }
        finally
        {
            lane.Finish();
        }
    }

    private static Task RandomSleepAsync(Demo demo, Lane lane, Random random, string caller, CancellationToken cancellationToken)
    {
        var seconds = random.Next(0, 11);
        demo.WriteLine($"{caller} sleeping for {seconds} seconds.");
        return demo.SleepAsync(lane, seconds, cancellationToken);
    }

    /// <summary>A random 5-byte item in hex, like queue.py's <c>os.urandom(5).hex()</c> but drawn from the seed.</summary>
    private static string MakeItem(Random random)
    {
        var bytes = new byte[5];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}

/// <summary>
/// An unbounded queue (a <see cref="Channel{T}"/>) that also counts unfinished items, like asyncio.Queue:
/// <see cref="MarkDone"/> is <c>task_done()</c> and <see cref="JoinAsync"/> is <c>join()</c>.
/// </summary>
internal sealed class WorkQueue<T>
{
    private readonly Channel<T> channel = Channel.CreateUnbounded<T>();
    private readonly object gate = new();
    private int unfinished;
    private TaskCompletionSource? drained;

    public ValueTask PutAsync(T item, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            unfinished++;
        }

        return channel.Writer.WriteAsync(item, cancellationToken);
    }

    public ValueTask<T> TakeAsync(CancellationToken cancellationToken) => channel.Reader.ReadAsync(cancellationToken);

    /// <summary>A taken item is dealt with.</summary>
    public void MarkDone()
    {
        TaskCompletionSource? signal = null;
        lock (gate)
        {
            if (unfinished == 0)
            {
                throw new InvalidOperationException("MarkDone called more times than there were items.");
            }

            unfinished--;
            if (unfinished == 0)
            {
                (signal, drained) = (drained, null);
            }
        }

        signal?.TrySetResult();
    }

    /// <summary>Completes when every item put so far has been taken and marked done.</summary>
    public Task JoinAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (unfinished == 0)
            {
                return Task.CompletedTask;
            }

            // Continuations run where TrySetResult is called (outside the lock, so that is safe): asynchronous ones would
            // complete WaitAsync's task on a thread-pool thread, and a loop that runs one coroutine at a time (the tests'
            // virtual clock) could move on before the joiner's continuation arrives, so the same seed gave another run.
            drained ??= new TaskCompletionSource();
            return drained.Task.WaitAsync(cancellationToken);
        }
    }
}
