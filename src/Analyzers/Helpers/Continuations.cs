using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>What happens to the task a <c>ContinueWith</c> returns (ASYNC006 reports the last three).</summary>
    internal enum ContinuationUse
    {
        /// <summary>Nothing: dropped, discarded with <c>_ =</c>, or passed on (an argument, a receiver of another call).</summary>
        None,

        /// <summary>The operand of <c>await</c>.</summary>
        Awaited,

        /// <summary>Returned (also from an expression-bodied member or lambda) or yielded.</summary>
        Returned,

        /// <summary>Assigned to a variable, field or property, or its initializer.</summary>
        Stored,
    }

    /// <summary>
    /// What a <c>Task.ContinueWith</c> call is. With a continuation that returns no awaitable (an <c>Action&lt;Task&gt;</c>, or a
    /// <c>Func&lt;Task, T&gt;</c> whose <c>T</c> is no awaitable), dropping the task it returns only registers a callback: the
    /// continuation runs when the antecedent completes and nothing it starts is lost (ASYNC003 stays silent, ASYNC006 too). A
    /// continuation that returns a task gives a <c>Task&lt;Task&gt;</c>: dropping that loses the inner task and its failure.
    /// Where the task goes (<see cref="Use"/>) decides whether ASYNC006 speaks: awaited, returned or stored.
    /// </summary>
    internal static class Continuations
    {
        /// <summary>True for <c>ContinueWith</c> of <c>Task</c> or <c>Task&lt;T&gt;</c> (any overload).</summary>
        public static bool IsContinueWith(IMethodSymbol method, KnownSymbols symbols)
            => method.Name == "ContinueWith" && !method.IsStatic && symbols.IsTaskOrDerived(method.ContainingType);

        /// <summary>
        /// True when <paramref name="method"/> is a <c>ContinueWith</c> whose continuation returns no awaitable: a callback
        /// registration. <paramref name="semanticModel"/> and <paramref name="position"/> decide extension <c>GetAwaiter</c>s in
        /// scope for a continuation that returns a custom type.
        /// </summary>
        public static bool IsCallbackRegistration(IMethodSymbol method, KnownSymbols symbols, AwaitableTypes awaitables, SemanticModel semanticModel, int position)
        {
            if (!IsContinueWith(method, symbols) || method.Parameters.IsEmpty
                || method.Parameters[0].Type is not INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke })
            {
                return false;
            }

            return invoke.ReturnsVoid || !awaitables.IsAwaitable(invoke.ReturnType, semanticModel, position);
        }

        /// <summary>
        /// Where the task of <paramref name="continueWith"/> goes, looking through implicit conversions, <c>?.</c>,
        /// <c>.ConfigureAwait(..)</c> and <c>.Unwrap()</c> (still the same chain). <paramref name="consumed"/> is the outermost
        /// of those: the value that is awaited, returned or stored.
        /// </summary>
        public static ContinuationUse Use(IInvocationOperation continueWith, out IOperation consumed)
        {
            consumed = Chain(continueWith);
            switch (consumed.Parent)
            {
                case IAwaitOperation:
                    return ContinuationUse.Awaited;
                case IReturnOperation:
                    return ContinuationUse.Returned;
                case ISimpleAssignmentOperation assignment when assignment.Value == consumed:
                    return assignment.Target is IDiscardOperation ? ContinuationUse.None : ContinuationUse.Stored;
                case IVariableInitializerOperation or IFieldInitializerOperation or IPropertyInitializerOperation:
                    return ContinuationUse.Stored;
                default:
                    return ContinuationUse.None;
            }
        }

        private static IOperation Chain(IOperation operation)
        {
            var current = operation;
            while (true)
            {
                switch (current.Parent)
                {
                    case IConversionOperation { IsImplicit: true } conversion:
                        current = conversion;
                        continue;
                    case IConditionalAccessOperation access when access.WhenNotNull == current:
                        current = access;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == current:
                        current = configure;
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "Unwrap", IsExtensionMethod: true } } unwrap } argument
                        when unwrap.Arguments.Length == 1 && unwrap.Arguments[0] == argument:
                        current = unwrap;
                        continue;
                    default:
                        return current;
                }
            }
        }
    }
}
