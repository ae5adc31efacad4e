using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// What a <c>Task.ContinueWith</c> call is. With a continuation that returns no awaitable (an <c>Action&lt;Task&gt;</c>, or a
    /// <c>Func&lt;Task, T&gt;</c> whose <c>T</c> is no awaitable), dropping the task it returns only registers a callback: the
    /// continuation runs when the antecedent completes and nothing it starts is lost (ASYNC003 stays silent, ASYNC006 too). A
    /// continuation that returns a task gives a <c>Task&lt;Task&gt;</c>: dropping that loses the inner task and its failure.
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
    }
}
