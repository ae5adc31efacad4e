// Mistake: a queue consumer waits for items with the blocking SemaphoreSlim.Wait inside a coroutine.
// Trips: ASYNC031
// Each waiting consumer holds a thread-pool thread while the queue is empty; with more consumers than threads, the
// producer itself waits for a thread. The fix awaits WaitAsync (with the consumer's token), which frees the thread until
// an item arrives. Run: dotnet run --project samples/AsyncDemos.Broken -- queue-semaphore
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class QueueConsumerWithSemaphoreWait
{
    public static async Task RunAsync()
    {
        var queue = new ConcurrentQueue<int>();
        using var available = new SemaphoreSlim(0);
        using var cancellation = new CancellationTokenSource();
        var consumers = Enumerable.Range(1, 3).Select(n => ConsumeAsync(n, queue, available, cancellation.Token)).ToArray();
        for (var item = 1; item <= 6; item++)
        {
            queue.Enqueue(item);
            available.Release();
            await Task.Delay(50);
        }

        await Task.Delay(100);
        cancellation.Cancel();
        try
        {
            await Task.WhenAll(consumers);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("all items consumed, consumers stopped.");
    }

    private static async Task ConsumeAsync(int consumer, ConcurrentQueue<int> queue, SemaphoreSlim available, CancellationToken cancellationToken)
    {
        while (true)
        {
            available.Wait(cancellationToken); // ASYNC031
            if (queue.TryDequeue(out var item))
            {
                Console.WriteLine($"consumer {consumer} got item {item}");
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
