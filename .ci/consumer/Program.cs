using System;
using System.Threading;
using System.Threading.Tasks;

internal static class Program
{
    private static async Task Main()
    {
        using var cancellation = new CancellationTokenSource();
        Console.WriteLine(await CountAsync(cancellation.Token));
    }

    private static async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        Thread.Sleep(100);
        var next = Task.Run(() => 2);
        return 1 + next.Result;
    }
}
