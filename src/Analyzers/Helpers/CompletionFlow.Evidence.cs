using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CompletionFlow
    {
        /// <summary>
        /// True when the function shows, before the spot, something that can prove the task complete: an await of it, a wait
        /// on it, a completion test on it, a call it is passed to that returns <c>bool</c>, or an assignment of a finished task.
        /// Without one the graph cannot prove anything, so it is never built.
        /// </summary>
        private static bool HasEvidenceBefore(TaskPlace place, IOperation body, IOperation spot, KnownSymbols symbols)
        {
            var end = spot.Syntax.SpanStart;
            foreach (var operation in body.Descendants())
            {
                if (operation.Syntax.SpanStart >= end)
                {
                    continue;
                }

                switch (operation)
                {
                    case IAwaitOperation awaitOperation when place.AwaitsProve && AwaitsPlace(awaitOperation, place, symbols, resolve: null):
                        return true;
                    case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status", Instance: { } instance }
                        when !place.IsCollection && place.Matches(instance):
                        return true;
                    case IInvocationOperation invocation when !place.IsCollection && IsEvidenceCall(invocation, place):
                        return true;
                    case ISimpleAssignmentOperation assignment when !place.IsCollection && place.Matches(assignment.Target) && MayBeCompleteValue(assignment.Value, symbols):
                        return true;
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator
                        when !place.IsCollection && place.Members.IsEmpty && SymbolEqualityComparer.Default.Equals(declarator.Symbol, place.Root) && MayBeCompleteValue(initializer.Value, symbols):
                        return true;
                }
            }

            return false;
        }

        private static bool IsEvidenceCall(IInvocationOperation invocation, TaskPlace place)
        {
            if (invocation.TargetMethod.Name is "Wait" or "GetAwaiter" && place.Matches(invocation.Instance))
            {
                return true;
            }

            if (invocation.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (place.Matches(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A value that may be a finished task, on a syntactic look: the full test is <see cref="IsCompleteValue"/>.</summary>
        private static bool MayBeCompleteValue(IOperation value, KnownSymbols symbols)
        {
            value = TaskPlace.Unwrap(value);
            return CompletedTasks.IsCompletedFactory(value, symbols) || CompletedTasks.IsAwaitedWhenAny(value, symbols) || DualPathCalls.MayEnterSyncPath(value);
        }

        private static bool IsCompleteValue(IOperation value, KnownSymbols symbols)
        {
            value = TaskPlace.Unwrap(value);
            return CompletedTasks.IsCompletedFactory(value, symbols)
                || CompletedTasks.IsAwaitedWhenAny(value, symbols)
                || (value is IInvocationOperation invocation && DualPathCalls.CompletesSynchronously(invocation, symbols));
        }

        /// <summary>
        /// True when the place may be written by code that runs at any time relative to the spot: inside a lambda or local
        /// function other than the spot's own function, or (for a captured variable) by the function around it.
        /// </summary>
        private static bool IsWrittenOutside(TaskPlace place, IOperation body)
        {
            var root = OperationFacts.TreeRoot(body);

            foreach (var operation in root.Descendants())
            {
                if (place.IsWrittenBy(operation) && FunctionBody(operation) != body)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
