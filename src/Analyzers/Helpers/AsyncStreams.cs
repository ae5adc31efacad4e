using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// What the async-stream rules (Family D) ask about an expression: where a stream was produced, whether a token was
    /// given to it on the way (<c>WithCancellation</c>), and whether a wait is a blocking step of a manual enumeration
    /// (<c>e.MoveNextAsync().Result</c>). A <c>ConfigureAwait(..)</c> on the way is looked through: it is still the stream.
    /// </summary>
    internal static class AsyncStreams
    {
        /// <summary>
        /// Looks through implicit conversions, <c>ConfigureAwait(..)</c> and <c>WithCancellation(..)</c> to the expression that
        /// produced the stream; <paramref name="withCancellation"/> tells whether a <c>WithCancellation</c> was on the way.
        /// </summary>
        public static IOperation Producer(IOperation collection, KnownSymbols symbols, out bool withCancellation)
        {
            withCancellation = false;
            var current = OperationFacts.WithoutImplicitConversions(collection);
            while (current is IInvocationOperation invocation
                && invocation.TargetMethod.Name is "ConfigureAwait" or "WithCancellation"
                && Receiver(invocation) is { } receiver
                && symbols.IsAsyncStream(receiver.Type))
            {
                withCancellation |= invocation.TargetMethod.Name == "WithCancellation";
                current = OperationFacts.WithoutImplicitConversions(receiver);
            }

            return current;
        }

        /// <summary>The receiver of an instance call or of an extension method called in reduced form (its first argument).</summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (invocation.Instance is { } instance)
            {
                return instance;
            }

            return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                ? invocation.Arguments[0].Value
                : null;
        }

        /// <summary>True when a <c>CancellationToken</c> argument is written out in the call (not a parameter's default).</summary>
        public static bool PassesToken(IInvocationOperation invocation, KnownSymbols symbols)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Parameter is { } parameter && symbols.IsCancellationToken(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the task a blocking wait waits on is a step of a manual async enumeration: <c>e.MoveNextAsync()</c> or
        /// <c>e.MoveNextAsync().AsTask()</c>, with <c>e</c> an <c>IAsyncEnumerator&lt;T&gt;</c>. ASYNC020 owns those.
        /// </summary>
        public static bool IsMoveNextAsync(IOperation task, KnownSymbols symbols)
        {
            var current = OperationFacts.WithoutImplicitConversions(task);
            if (current is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } valueTask })
            {
                current = OperationFacts.WithoutImplicitConversions(valueTask);
            }

            return current is IInvocationOperation { TargetMethod.Name: "MoveNextAsync", Instance: { } enumerator }
                && symbols.IsAsyncEnumerator(enumerator.Type);
        }
    }
}
