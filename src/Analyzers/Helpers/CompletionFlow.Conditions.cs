using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CompletionFlow
    {
        /// <summary>What <paramref name="condition"/> says about the task in <paramref name="place"/>.</summary>
        internal static Polarity Asserts(IOperation condition, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve, bool lookIntoHelpers)
        {
            var value = Resolve(condition, resolve);
            switch (value)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Flip(Asserts(not.Operand, place, symbols, resolve, lookIntoHelpers));

                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled", Instance: { } instance } property:
                    return symbols.IsTaskLike(property.Property.ContainingType) && place.Matches(instance, resolve) ? Polarity.WhenTrue : Polarity.None;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return Asserts(both.LeftOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenTrue
                        || Asserts(both.RightOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenTrue
                        ? Polarity.WhenTrue
                        : Polarity.None;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                    return Asserts(either.LeftOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenFalse
                        || Asserts(either.RightOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenFalse
                        ? Polarity.WhenFalse
                        : Polarity.None;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    if ((IsStatusOf(comparison.LeftOperand, place, resolve) && IsFinalStatus(comparison.RightOperand, symbols, resolve))
                        || (IsStatusOf(comparison.RightOperand, place, resolve) && IsFinalStatus(comparison.LeftOperand, symbols, resolve)))
                    {
                        return comparison.OperatorKind == BinaryOperatorKind.Equals ? Polarity.WhenTrue : Polarity.WhenFalse;
                    }

                    return Polarity.None;

                case IIsPatternOperation pattern when IsStatusOf(pattern.Value, place, resolve):
                    return PatternPolarity(pattern.Pattern, symbols, resolve);

                case IInvocationOperation invocation when invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean:
                    return IsBoundedWaitOn(invocation, place, symbols, resolve)
                        || (lookIntoHelpers && IsAssertingHelperCall(invocation, place, symbols, resolve))
                        ? Polarity.WhenTrue
                        : Polarity.None;

                default:
                    return Polarity.None;
            }
        }

        private static Polarity Flip(Polarity polarity)
            => polarity switch { Polarity.WhenTrue => Polarity.WhenFalse, Polarity.WhenFalse => Polarity.WhenTrue, _ => Polarity.None };

        private static Polarity PatternPolarity(IPatternOperation pattern, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            switch (pattern)
            {
                case IConstantPatternOperation constant:
                    return IsFinalStatus(constant.Value, symbols, resolve) ? Polarity.WhenTrue : Polarity.None;
                case INegatedPatternOperation negated:
                    return Flip(PatternPolarity(negated.Pattern, symbols, resolve));
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                    return PatternPolarity(or.LeftPattern, symbols, resolve) == Polarity.WhenTrue && PatternPolarity(or.RightPattern, symbols, resolve) == Polarity.WhenTrue
                        ? Polarity.WhenTrue
                        : Polarity.None;
                default:
                    return Polarity.None;
            }
        }

        private static bool IsStatusOf(IOperation operation, TaskPlace place, Func<IOperation, IOperation>? resolve)
            => Resolve(operation, resolve) is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance } && place.Matches(instance, resolve);

        /// <summary><c>TaskStatus.RanToCompletion</c>, <c>Faulted</c> or <c>Canceled</c>: a task with that status is complete.</summary>
        private static bool IsFinalStatus(IOperation operation, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
            => Resolve(operation, resolve) is IFieldReferenceOperation { Field: { Name: "RanToCompletion" or "Faulted" or "Canceled" } field }
                && SymbolEqualityComparer.Default.Equals(field.ContainingType, symbols.TaskStatus);

        /// <summary><c>t.Wait(timeout)</c>: true means the task finished in time.</summary>
        private static bool IsBoundedWaitOn(IInvocationOperation invocation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
            => invocation.TargetMethod is { Name: "Wait", IsStatic: false } method
                && symbols.IsTaskOrDerived(method.ContainingType)
                && place.Matches(invocation.Instance, resolve);

        private static bool IsAssertingHelperCall(IInvocationOperation invocation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            foreach (var argument in invocation.Arguments)
            {
                // The cheap test first: the task must be an argument before the helper's body is worth reading.
                if (argument.Parameter is { } parameter && place.Matches(argument.Value, resolve)
                    && CalleeBodies.CompletionAssertedParameter(invocation.TargetMethod, symbols) == parameter.Ordinal)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>await t</c>, <c>await t.ConfigureAwait(..)</c>, <c>await Task.WhenAll(.., t, ..)</c>; for a collection, <c>await Task.WhenAll(tasks)</c>.</summary>
        internal static bool AwaitsPlace(IAwaitOperation awaitOperation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            var awaited = WithoutConfigureAwait(Resolve(awaitOperation.Operation, resolve), resolve);
            if (!place.IsCollection && place.Matches(awaited, resolve))
            {
                return true;
            }

            if (awaited is not IInvocationOperation { TargetMethod: { Name: "WhenAll", IsStatic: true } whenAll } invocation || !symbols.IsTask(whenAll.ContainingType))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (place.IsCollection)
                {
                    if (place.Matches(argument.Value, resolve))
                    {
                        return true;
                    }

                    continue;
                }

                var elements = Resolve(argument.Value, resolve) is IArrayCreationOperation { Initializer: { } initializer }
                    ? (IEnumerable<IOperation>)initializer.ElementValues
                    : argument.Value.ChildOperations;
                foreach (var element in elements)
                {
                    if (place.Matches(element, resolve))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>t.Wait()</c>, <c>t.Wait(token)</c> or <c>t.GetAwaiter().GetResult()</c>: it returns only once the task is complete.</summary>
        private static bool IsUnboundedWaitOn(IInvocationOperation invocation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            switch (invocation.TargetMethod.Name)
            {
                case "Wait" when invocation.TargetMethod.ReturnsVoid:
                    return IsBoundedWaitOn(invocation, place, symbols, resolve);
                case "GetResult" when invocation.TargetMethod.Parameters.IsEmpty
                    && invocation.Instance is { } awaiter
                    && Resolve(awaiter, resolve) is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable }:
                    var task = WithoutConfigureAwait(Resolve(awaitable, resolve), resolve);
                    return (symbols.IsTaskLike(task.Type) || symbols.IsConfiguredTaskAwaitable(task.Type)) && place.Matches(task, resolve);
                default:
                    return false;
            }
        }

        /// <summary><c>t.ConfigureAwait(..)</c> is <c>t</c> (flow captures resolved with <paramref name="resolve"/>, when given).</summary>
        internal static IOperation WithoutConfigureAwait(IOperation operation, Func<IOperation, IOperation>? resolve)
            => operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } ? Resolve(instance, resolve) : operation;

        private static IOperation Resolve(IOperation operation, Func<IOperation, IOperation>? resolve)
        {
            var current = TaskPlace.Unwrap(operation);
            return resolve is null ? current : TaskPlace.Unwrap(resolve(current));
        }
    }
}
