using System.Linq;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    public sealed partial class ASYNC031SyncCallWithAsyncCounterpartAnalyzer
    {
        /// <summary>The precision list: calls whose "blocking" is in memory, to the console, or already another rule's.</summary>
        private static bool IsExempt(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (BlockingWait.TryMatch(invocation, symbols, out _) || SleepCalls.IsThreadSleep(method, symbols))
            {
                return true; // ASYNC010's and ASYNC030's
            }

            var type = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, symbols.Console))
            {
                return true;
            }

            // Console.Out.Write(..), Console.Error.WriteLine(..)
            if (invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Out" or "Error", IsStatic: true } stream }
                && SymbolEqualityComparer.Default.Equals(stream.ContainingType, symbols.Console))
            {
                return true;
            }

            // A plain TextWriter is a sink of unknown kind (Console.Out, a StringWriter, a log): its writes are console-like
            // output, not I/O a coroutine should await. A StreamWriter's are, and stay reported.
            if (SymbolEqualityComparer.Default.Equals(invocation.Instance?.Type, symbols.TextWriter) && method.Name.StartsWith("Write", System.StringComparison.Ordinal))
            {
                return true;
            }

            // CancellationTokenSource.Cancel waits for nothing; CancelAsync only moves its callbacks off the caller's thread.
            if (method.Name == "Cancel" && SymbolEqualityComparer.Default.Equals(type, symbols.CancellationTokenSource))
            {
                return true;
            }

            // CancellationTokenRegistration.Dispose unregisters a callback; it waits only for that callback if it is running
            // right now, and a callback is synchronous code. 'using var registration' is silent for the same reason.
            if (method.Name == "Dispose" && SymbolEqualityComparer.Default.Equals(type, symbols.CancellationTokenRegistration))
            {
                return true;
            }

            // Timer.Dispose() returns at once, without waiting for a running callback; DisposeAsync is the one that waits.
            if (method.Name == "Dispose" && method.Parameters.IsEmpty && SymbolEqualityComparer.Default.Equals(type, symbols.ThreadingTimer))
            {
                return true;
            }

            // EF Core: Add/AddRange's async forms exist for special value generators only.
            if (method.Name is "Add" or "AddRange" && type is { Name: "DbSet" or "DbContext" } && type.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
            {
                return true;
            }

            // SemaphoreSlim.Wait(0) / Wait(TimeSpan.Zero) only tries: it never blocks.
            return method.Name == "Wait" && SymbolEqualityComparer.Default.Equals(type, symbols.SemaphoreSlim)
                && invocation.Arguments.Length >= 1 && SleepCalls.IsZero(invocation.Arguments[0].Value, symbols);
        }

        /// <summary>
        /// A query over a loaded collection: the receiver chain (<c>.Where(..).OrderBy(..)</c>, operators that return the query they
        /// extend, not an element of it) starts at
        /// <c>Queryable.AsQueryable(source)</c> over a source that is no <c>IQueryable</c> itself (a list, a navigation collection).
        /// Its <c>ToArray()</c>/<c>First()</c> run in memory, and EF Core's <c>ToArrayAsync</c> throws on it (no async provider).
        /// <c>dbSet.AsQueryable()</c> is a database query still: a DbSet is an <c>IQueryable</c>.
        /// </summary>
        private static bool IsInMemoryQuery(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (symbols.IQueryable is null || symbols.Queryable is null)
            {
                return false;
            }

            for (var receiver = QueryReceiver(invocation, symbols.IQueryable); receiver is IInvocationOperation call; receiver = QueryReceiver(call, symbols.IQueryable))
            {
                if (call.TargetMethod.Name == "AsQueryable" && call.Arguments.Length == 1
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Queryable))
                {
                    return Unconverted(call.Arguments[0].Value).Type is { } source && !IsQueryable(source, symbols.IQueryable);
                }

                // Where/OrderBy/Select return a query by declaration; First over a query of queries returns an element that
                // happens to be one, and that element is not the in-memory query.
                if (!IsQueryable(call.TargetMethod.OriginalDefinition.ReturnType, symbols.IQueryable))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The receiver of a call (its instance, or an extension method's first argument) when it is a query.</summary>
        private static IOperation? QueryReceiver(IInvocationOperation call, INamedTypeSymbol queryable)
        {
            var receiver = AsyncStreams.Receiver(call);
            receiver = receiver is null ? null : Unconverted(receiver);
            return receiver?.Type is { } type && IsQueryable(type, queryable) ? receiver : null;
        }

        private static bool IsQueryable(ITypeSymbol type, INamedTypeSymbol queryable)
            => SymbolEqualityComparer.Default.Equals(type, queryable) || type.AllInterfaces.Contains(queryable, SymbolEqualityComparer.Default);
    }
}
