using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>What a <c>Thread.Sleep</c> call means, shared by ASYNC030 and the CS4008 fix so both rewrite it alike.</summary>
    internal static class SleepCalls
    {
        /// <summary>True for <c>Thread.Sleep</c>.</summary>
        public static bool IsThreadSleep(IMethodSymbol method, KnownSymbols symbols)
            => method is { Name: "Sleep", IsStatic: true } && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread);

        /// <summary><c>Thread.Sleep(0)</c> or <c>Thread.Sleep(TimeSpan.Zero)</c>: gives up the rest of the time slice, it does not pause.</summary>
        public static bool IsZeroDuration(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (invocation.Arguments.Length != 1)
            {
                return false;
            }

            return IsZero(invocation.Arguments[0].Value, symbols);
        }

        /// <summary>A duration of zero: the constant <c>0</c> or <c>TimeSpan.Zero</c> (for Sleep, and for SemaphoreSlim.Wait(0), which only tries).</summary>
        public static bool IsZero(IOperation value, KnownSymbols symbols)
        {
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            if (value.ConstantValue is { HasValue: true, Value: 0 })
            {
                return true;
            }

            return value is IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field }
                && SymbolEqualityComparer.Default.Equals(field.ContainingType, symbols.TimeSpan);
        }
    }
}
