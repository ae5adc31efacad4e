using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>Plain facts about symbols that rules and fixes share, written once.</summary>
    internal static class SymbolFacts
    {
        /// <summary>
        /// True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it (generic types compared by their
        /// definitions: <c>Expression&lt;Func&lt;int&gt;&gt;</c> inherits from <c>LambdaExpression</c>). False when either is null.
        /// </summary>
        public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the symbol carries <c>[System.Obsolete]</c>: never a member to suggest.</summary>
        public static bool IsObsolete(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
