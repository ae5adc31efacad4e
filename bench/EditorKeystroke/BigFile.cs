using System.Text;

namespace AsyncRules.Bench
{
    /// <summary>A large file of realistic, correct async code: services that fetch, retry, throttle, stream and gather.</summary>
    internal static class BigFile
    {
        /// <summary>The line holding the string literal the benchmark types into.</summary>
        public const string EditMarker = "const string Typed = \"";

        public static string Generate(int services)
        {
            var text = new StringBuilder();
            text.Append("""
                #warning bench: a known diagnostic that shows once the server has loaded the project
                using System;
                using System.Collections.Generic;
                using System.IO;
                using System.Linq;
                using System.Runtime.CompilerServices;
                using System.Threading;
                using System.Threading.Channels;
                using System.Threading.Tasks;

                namespace Bench;

                public sealed record Item(int Id, string Name, decimal Price);

                public interface IStore
                {
                    Task<Item?> FindAsync(int id, CancellationToken cancellationToken);

                    Task SaveAsync(Item item, CancellationToken cancellationToken);

                    IAsyncEnumerable<Item> ListAsync(CancellationToken cancellationToken);
                }

                """);
            for (var i = 0; i < services; i++)
            {
                if (i == services / 2)
                {
                    text.Append($"\ninternal static class Typing\n{{\n    {EditMarker}abc\";\n}}\n");
                }

                text.Append($$"""

                public sealed class Service{{i}} : IAsyncDisposable
                {
                    private readonly IStore store;
                    private readonly SemaphoreSlim gate = new(4);
                    private readonly Channel<Item> queue = Channel.CreateBounded<Item>(100);
                    private int processed;

                    public Service{{i}}(IStore store)
                    {
                        this.store = store;
                    }

                    public async Task<Item?> GetWithRetryAsync(int id, CancellationToken cancellationToken)
                    {
                        for (var attempt = 1; ; attempt++)
                        {
                            try
                            {
                                return await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
                            }
                            catch (IOException) when (attempt < 3)
                            {
                                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }

                    public async Task<decimal> TotalAsync(IEnumerable<int> ids, CancellationToken cancellationToken)
                    {
                        var tasks = ids.Select(id => ThrottledAsync(id, cancellationToken)).ToList();
                        var items = await Task.WhenAll(tasks).ConfigureAwait(false);
                        return items.Where(item => item is not null).Sum(item => item!.Price);
                    }

                    private async Task<Item?> ThrottledAsync(int id, CancellationToken cancellationToken)
                    {
                        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            return await GetWithRetryAsync(id, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }

                    public async IAsyncEnumerable<Item> CheapAsync(decimal limit, [EnumeratorCancellation] CancellationToken cancellationToken = default)
                    {
                        await foreach (var item in store.ListAsync(cancellationToken).ConfigureAwait(false))
                        {
                            if (item.Price <= limit)
                            {
                                yield return item;
                            }
                        }
                    }

                    public async Task ProduceAsync(IEnumerable<Item> items, CancellationToken cancellationToken)
                    {
                        foreach (var item in items)
                        {
                            await queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
                        }

                        queue.Writer.Complete();
                    }

                    public async Task<int> ConsumeAsync(CancellationToken cancellationToken)
                    {
                        await foreach (var item in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                        {
                            await store.SaveAsync(item with { Name = item.Name.Trim() }, cancellationToken).ConfigureAwait(false);
                            Interlocked.Increment(ref processed);
                        }

                        return processed;
                    }

                    public async Task<string> FirstOrTimeoutAsync(int id, TimeSpan timeout, CancellationToken cancellationToken)
                    {
                        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timer.CancelAfter(timeout);
                        var lookup = store.FindAsync(id, timer.Token);
                        var winner = await Task.WhenAny(lookup, Task.Delay(Timeout.InfiniteTimeSpan, timer.Token)).ConfigureAwait(false);
                        if (winner != lookup)
                        {
                            return "timeout";
                        }

                        var item = await lookup.ConfigureAwait(false);
                        return item?.Name ?? "missing";
                    }

                    public ValueTask DisposeAsync()
                    {
                        gate.Dispose();
                        return ValueTask.CompletedTask;
                    }
                }

                """);
            }

            return text.ToString();
        }
    }
}
