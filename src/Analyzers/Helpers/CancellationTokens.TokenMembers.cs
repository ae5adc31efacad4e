using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CancellationTokens
    {
        /// <summary>
        /// A member that holds the same value for the object's lifetime: a readonly instance field, or an instance property with
        /// no setter (or an init-only one) that is auto-implemented in source. A computed or settable property is not looked into.
        /// </summary>
        private static bool IsReadOnlyMember(ISymbol member)
        {
            switch (member)
            {
                case IFieldSymbol field:
                    return field.IsReadOnly && !field.IsStatic;
                case IPropertySymbol property when !property.IsStatic && property.Parameters.IsEmpty && property.GetMethod is not null
                    && (property.SetMethod is null || property.SetMethod.IsInitOnly):
                    return IsAutoProperty(property);
                default:
                    return false;
            }
        }

        /// <summary>
        /// The instance <c>CancellationToken</c> properties of a parameter's type (its bases and, for an interface, the
        /// interfaces it extends): <c>HttpContext.RequestAborted</c>, <c>ServerCallContext.CancellationToken</c>,
        /// <c>CancellationTokenSource.Token</c>. None for an exception, whose token is one that was already cancelled.
        /// </summary>
        private static ImmutableArray<IPropertySymbol> TokenProperties(ITypeSymbol type, KnownSymbols symbols)
        {
            if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None || named.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
            {
                return ImmutableArray<IPropertySymbol>.Empty;
            }

            // Read once per type and compilation: the answer depends on the type alone, and rules ask for every call.
            return CachesFor(symbols).TokenProperties.GetOrAdd(named, t => ImmutableArray.CreateRange(TokenPropertiesOf((INamedTypeSymbol)t, symbols)));
        }

        private static IEnumerable<IPropertySymbol> TokenPropertiesOf(INamedTypeSymbol named, KnownSymbols symbols)
        {
            if (symbols.IsCancellationToken(named) || IsException(named, symbols))
            {
                yield break;
            }

            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var property in DeclaredTokenProperties(current, symbols))
                {
                    yield return property;
                }
            }

            if (named.TypeKind == TypeKind.Interface)
            {
                foreach (var extended in named.AllInterfaces)
                {
                    foreach (var property in DeclaredTokenProperties(extended, symbols))
                    {
                        yield return property;
                    }
                }
            }
        }

        private static IEnumerable<IPropertySymbol> DeclaredTokenProperties(INamedTypeSymbol type, KnownSymbols symbols)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol { IsOverride: false } property && IsPublishedToken(property, symbols))
                {
                    yield return property;
                }
            }
        }

        /// <summary>
        /// An instance property declared as a <c>CancellationToken</c> (not a <c>T</c> that happens to be one: <c>Nullable&lt;T&gt;.Value</c>,
        /// <c>Task&lt;T&gt;.Result</c>) that is not a mutable auto-property.
        /// </summary>
        private static bool IsPublishedToken(IPropertySymbol property, KnownSymbols symbols)
            => !property.IsStatic && !property.IsIndexer && property.GetMethod is not null
                && symbols.IsCancellationToken(property.OriginalDefinition.Type) && !IsMutableAutoProperty(property);

        /// <summary>
        /// An auto-property with a setter, declared in source: a mutable field of that object (npgsql's connector keeps the
        /// token of whichever command runs last in one), not a token the object publishes for its own lifetime. A property of a
        /// referenced type (<c>HttpContext.RequestAborted</c>) shows no body and is taken at its word.
        /// </summary>
        private static bool IsMutableAutoProperty(IPropertySymbol property)
        {
            if (property.SetMethod is null || property.SetMethod.IsInitOnly)
            {
                return false;
            }

            return IsAutoProperty(property);
        }

        /// <summary>A property the compiler backs with a field of its own (<c>{ get; }</c>, <c>{ get; set; }</c>).</summary>
        private static bool IsAutoProperty(IPropertySymbol property)
        {
            foreach (var candidate in property.ContainingType.GetMembers())
            {
                if (candidate is IFieldSymbol { IsImplicitlyDeclared: true } backing && SymbolEqualityComparer.Default.Equals(backing.AssociatedSymbol, property))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsException(ITypeSymbol? type, KnownSymbols symbols)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, symbols.Exception))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Instance members of the containing type and its bases, where <c>this</c> exists: a readonly token field or get-only
        /// auto-property, then the <c>Token</c> of a readonly token source.
        /// </summary>
        private static void OfferMembers(List<IMethodSymbol> functions, KnownSymbols symbols, IPropertySymbol? sourceToken, int rank, ref Best best)
        {
            var outermost = functions[functions.Count - 1];
            if (outermost.IsStatic || outermost.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            {
                return;
            }

            // A lambda or local function in a struct cannot use `this` (CS1673): instance members are out of reach there.
            if (functions.Count > 1 && outermost.ContainingType is { IsValueType: true })
            {
                return;
            }

            // The cached candidates take the source's Token from KnownSymbols, which is what the callers pass.
            foreach (var (member, step) in TokenMembers(outermost.ContainingType, symbols))
            {
                best.Offer(new InScopeToken(member, step == 0 ? null : sourceToken), rank + step);
            }
        }

        /// <summary>
        /// The candidates <see cref="OfferMembers"/> offers in instance code of <paramref name="containingType"/>, read once per type and
        /// compilation: its and its bases' readonly token members (step 0) and readonly token sources (step 1), in declaration order.
        /// </summary>
        private static ImmutableArray<(ISymbol Member, int Step)> TokenMembers(INamedTypeSymbol? containingType, KnownSymbols symbols)
        {
            if (containingType is null)
            {
                return ImmutableArray<(ISymbol, int)>.Empty;
            }

            return CachesFor(symbols).TokenMembers.GetOrAdd(containingType, outermostType =>
            {
                var members = ImmutableArray.CreateBuilder<(ISymbol, int)>();
                var sourceToken = symbols.CancellationTokenSourceToken;
                for (var type = outermostType; type is not null; type = type.BaseType)
                {
                    foreach (var member in type.GetMembers())
                    {
                        if (member.IsStatic || member.IsImplicitlyDeclared
                            || (!SymbolEqualityComparer.Default.Equals(type, outermostType) && member.DeclaredAccessibility == Accessibility.Private))
                        {
                            continue;
                        }

                        var memberType = member switch
                        {
                            IFieldSymbol field => field.Type,
                            IPropertySymbol property => property.Type,
                            _ => null,
                        };
                        if (symbols.IsCancellationToken(memberType))
                        {
                            if (IsReadOnlyMember(member))
                            {
                                members.Add((member, 0));
                            }
                        }
                        else if (sourceToken is not null && memberType is not null && SymbolEqualityComparer.Default.Equals(memberType, symbols.CancellationTokenSource) && IsReadOnlyMember(member))
                        {
                            members.Add((member, 1));
                        }
                    }
                }

                return members.ToImmutable();
            });
        }
    }
}
