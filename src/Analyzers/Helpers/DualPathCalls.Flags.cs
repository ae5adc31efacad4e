using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class DualPathCalls
    {
        /// <summary>
        /// The bool parameters known false in the callee: those the call passes <c>false</c> (a constant, or a flag of the caller
        /// in <paramref name="knownFalse"/>), and, for a local function, the caller's flags in scope there (it reads them directly).
        /// </summary>
        private static ImmutableArray<ISymbol> FalseParameters(
            IInvocationOperation invocation, ImmutableArray<ISymbol> knownFalse, Dictionary<CaptureId, List<IOperation>>? captures = null)
        {
            var callee = invocation.TargetMethod.OriginalDefinition;
            var result = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Boolean, Ordinal: var ordinal }
                    && ordinal < callee.Parameters.Length
                    && IsKnownFalse(argument.Value, knownFalse, captures))
                {
                    result.Add(callee.Parameters[ordinal]);
                }
            }

            if (callee.MethodKind == MethodKind.LocalFunction)
            {
                foreach (var flag in knownFalse)
                {
                    if (IsInside(callee, flag.ContainingSymbol))
                    {
                        result.Add(flag);
                    }
                }
            }
            else if (!callee.IsStatic && invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                // Another method of this same object reads the same readonly fields.
                foreach (var flag in knownFalse)
                {
                    if (flag is IFieldSymbol)
                    {
                        result.Add(flag);
                    }
                }
            }

            return result.ToImmutable();
        }

        private static bool IsInside(ISymbol symbol, ISymbol container)
        {
            for (var current = symbol.ContainingSymbol; current is not null; current = current.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(current, container))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A constant <c>false</c> or a flag known false; in a graph, also a flow capture of one (an argument before one
        /// that holds a <c>?:</c> is captured first: <c>Write(async, writer.With(async ? a : b), ct)</c>).
        /// </summary>
        private static bool IsKnownFalse(IOperation value, ImmutableArray<ISymbol> knownFalse, Dictionary<CaptureId, List<IOperation>>? captures = null)
        {
            value = TaskPlace.Unwrap(value);
            if (value is IFlowCaptureReferenceOperation capture && captures is not null && captures.TryGetValue(capture.Id, out var values) && values.Count > 0)
            {
                foreach (var captured in values)
                {
                    if (!IsKnownFalse(captured, knownFalse))
                    {
                        return false;
                    }
                }

                return true;
            }

            return value.ConstantValue is { HasValue: true, Value: false }
                || (FlagOf(value) is { } flag && knownFalse.Contains(flag, SymbolEqualityComparer.Default));
        }

        /// <summary>
        /// What a flag can be: a parameter, or a readonly <c>bool</c> field read on <c>this</c> (npgsql's <c>NestedReadScope._async</c>),
        /// which keeps its value in every method of the object.
        /// </summary>
        private static ISymbol? FlagOf(IOperation value)
            => value switch
            {
                IParameterReferenceOperation reference => reference.Parameter,
                IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: false, Type.SpecialType: SpecialType.System_Boolean } field, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } }
                    => field.OriginalDefinition,
                _ => null,
            };

        /// <summary>A flag known false, not a constant: directly or through a flow capture.</summary>
        private static bool IsFlagKnownFalse(IOperation value, ImmutableArray<ISymbol> knownFalse, Dictionary<CaptureId, List<IOperation>> captures)
        {
            value = TaskPlace.Unwrap(value);
            if (value is IFlowCaptureReferenceOperation capture && captures.TryGetValue(capture.Id, out var values) && values.Count == 1)
            {
                value = TaskPlace.Unwrap(values[0]);
            }

            return FlagOf(value) is { } flag && knownFalse.Contains(flag, SymbolEqualityComparer.Default);
        }

        private static bool IsWritten(IOperation reference)
            => reference.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                _ => false,
            };
    }
}
