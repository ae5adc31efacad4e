// Mistake: a consumer is handed a cancellation token but waits without it.
// Trips: ASYNC040
// When main cancels the consumers, this one sleeps on through its delay: Task.Delay never heard of the token. ASYNC040
// is a suggestion (shown in the editor, not as a build warning); its fix passes the token, and the consumer stops at once.
using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class QueueConsumerIgnoringToken
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            await ConsumeAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"consumer stopped {clock.Elapsed.TotalSeconds:0.00} seconds after start (cancelled at 0.20).");
    }

    private static async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(2000); // ASYNC040
            Console.WriteLine("consumed an item");
        }
    }
}
