// Mistake: sync code starts a producer with Task.Run and drops the task: the compiler says nothing here.
// Trips: ASYNC003
// Nobody learns when the producer is done or that it failed (its exception vanishes with the task). The fix either
// makes Start a coroutine that awaits the producer, or discards the task explicitly ('_ =') if fire-and-forget is meant.
using System;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class ProducerStartedAndDropped
{
    public static async Task RunAsync()
    {
        Start();
        await Task.Delay(300);
        Console.WriteLine("done, and no sign that the producer failed");
    }

    public static void Start()
    {
        Task.Run(ProduceAsync); // ASYNC003
        Console.WriteLine("producer started (or did it?)");
    }

    private static async Task ProduceAsync()
    {
        await Task.Delay(100);
        throw new InvalidOperationException("the queue is gone; nobody will ever see this");
    }
}
