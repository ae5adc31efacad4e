using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CalleeBodies
    {
        /// <summary>
        /// Every body a call to the virtual or abstract <paramref name="method"/> may run, when code outside this compilation
        /// cannot add one: the method's own body (unless abstract) and that of each override in the compilation. Outside code
        /// cannot override when the method is <c>internal</c> or <c>private protected</c> (friend assemblies, usually tests,
        /// are assumed not to), or when no type that carries it unsealed can be derived from outside (the type is sealed, not
        /// visible outside, or has no constructor visible outside). Default when outside code may override, when there is no
        /// body at all, or when one of them cannot be read. The search over the compilation's types runs once per compilation,
        /// and only for a method that reached the question.
        /// </summary>
        public static ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol method, Compilation compilation)
        {
            method = Definition(method);
            if (!(method.IsVirtual || method.IsAbstract || method.IsOverride) || method.MethodKind != MethodKind.Ordinary
                || method.ContainingType is not { TypeKind: TypeKind.Class } || method.IsExtern)
            {
                return default;
            }

            var caches = For(compilation);
            return caches.Implementations.GetOrAdd(method, m => FindImplementations(m, compilation, caches));
        }

        private static ImmutableArray<IMethodSymbol> FindImplementations(IMethodSymbol method, Compilation compilation, Caches caches)
        {
            var closedByAccess = method.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal;
            if (!closedByAccess && !method.IsSealed && !CannotBeDerivedOutside(method.ContainingType))
            {
                return default;
            }

            var result = ImmutableArray.CreateBuilder<IMethodSymbol>();
            if (!method.IsAbstract)
            {
                result.Add(method);
            }

            // The types derived from the method's type, nearest first; in each, the override it declares (if any).
            var derived = caches.DerivedTypes(compilation);
            var pending = new Queue<(INamedTypeSymbol Type, bool Sealed)>();
            pending.Enqueue((method.ContainingType.OriginalDefinition, method.IsSealed));
            while (pending.Count > 0)
            {
                var (type, sealedAbove) = pending.Dequeue();
                if (!derived.TryGetValue(type, out var children))
                {
                    continue;
                }

                foreach (var child in children)
                {
                    var sealedHere = sealedAbove;
                    foreach (var member in child.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol { IsOverride: true } candidate && Overrides(candidate, method))
                        {
                            if (sealedAbove)
                            {
                                return default; // cannot happen in code that compiles
                            }

                            if (!candidate.IsAbstract)
                            {
                                if (!CanLookInto(candidate, compilation, declared: true))
                                {
                                    return default;
                                }

                                result.Add(Definition(candidate));
                            }

                            sealedHere |= candidate.IsSealed;
                        }
                    }

                    if (!closedByAccess && !sealedHere && !CannotBeDerivedOutside(child))
                    {
                        return default;
                    }

                    if (result.Count > DualPathCalls.MaxBodies)
                    {
                        return default;
                    }

                    pending.Enqueue((child, sealedHere));
                }
            }

            return result.Count == 0 ? default : result.ToImmutable();
        }

        private static bool Overrides(IMethodSymbol candidate, IMethodSymbol method)
        {
            for (var current = candidate.OverriddenMethod; current is not null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, method))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A class outside code cannot derive from: sealed or static, not visible outside, or every constructor hidden.</summary>
        private static bool CannotBeDerivedOutside(INamedTypeSymbol type)
        {
            if (type.IsSealed || type.IsStatic || type.TypeKind != TypeKind.Class)
            {
                return true;
            }

            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility is Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal)
                {
                    return true;
                }
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility is not (Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal))
                {
                    return false;
                }
            }

            return true;
        }

        private static IMethodSymbol Definition(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            return method.PartialImplementationPart ?? method;
        }
    }
}
