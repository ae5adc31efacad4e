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

            return IsZeroLiteral(OperationFacts.WithoutImplicitConversions(invocation.Arguments[0].Value), symbols);
        }

        /// <summary>
        /// A timeout of zero, for SemaphoreSlim.Wait(0), which only tries: the constant <c>0</c> or <c>TimeSpan.Zero</c>, or a
        /// local initialised with one of them and never written again. (A sleep's fix rewrites only the literal forms.)
        /// </summary>
        public static bool IsZero(IOperation value, KnownSymbols symbols)
        {
            value = OperationFacts.WithoutImplicitConversions(value);
            return IsZeroLiteral(value, symbols)
                || (value is ILocalReferenceOperation { Local: { RefKind: RefKind.None } local } && IsAlwaysZero(local, value, symbols));
        }

        private static bool IsZeroLiteral(IOperation value, KnownSymbols symbols)
        {
            if (value.ConstantValue is { HasValue: true, Value: 0 })
            {
                return true;
            }

            return value is IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field }
                && SymbolEqualityComparer.Default.Equals(field.ContainingType, symbols.TimeSpan);
        }

        /// <summary>The local's only write is its declaration, with a zero (looked at in the whole member, lambdas included).</summary>
        private static bool IsAlwaysZero(ILocalSymbol local, IOperation reference, KnownSymbols symbols)
        {
            var root = OperationFacts.TreeRoot(reference);

            var initializedToZero = false;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        initializedToZero = declarator.Initializer is { } initializer && IsZeroLiteral(OperationFacts.WithoutImplicitConversions(initializer.Value), symbols);
                        break;
                    case ILocalReferenceOperation other when SymbolEqualityComparer.Default.Equals(other.Local, local) && IsWrite(other):
                        return false;
                }
            }

            return initializedToZero;
        }

        private static bool IsWrite(IOperation reference)
        {
            var parent = reference.Parent;
            while (parent is ITupleOperation)
            {
                parent = parent.Parent;
            }

            return parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference || assignment.Target is ITupleOperation,
                IIncrementOrDecrementOperation => true,
                IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
                IAddressOfOperation => true,
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } } => true,
                _ => false,
            };
        }
    }
}
