using Microsoft.CodeAnalysis;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>Questions about a method's signature that rules and fixes share: is it fixed from outside, is it an event handler.</summary>
    internal static class Signatures
    {
        /// <summary>True when the method overrides a member or implements an interface member (explicitly or implicitly).</summary>
        public static bool OverridesOrImplements(IMethodSymbol method)
        {
            if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return true;
            }

            if (method.MethodKind != MethodKind.Ordinary || method.ContainingType is not { } type || method.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when something besides the method's own declaration decides its return type: an override, an interface,
        /// derived classes (virtual, abstract), another part (partial) or the runtime (extern).
        /// </summary>
        public static bool IsReturnTypeFixed(IMethodSymbol method)
            => OverridesOrImplements(method) || method.IsVirtual || method.IsAbstract || method.IsExtern
               || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null;

        /// <summary>The event handler shape, by signature not by name: <c>void (object? sender, TEventArgs e)</c> with TEventArgs an EventArgs.</summary>
        public static bool IsEventHandlerShaped(IMethodSymbol method, KnownSymbols symbols)
            => method.ReturnsVoid && method.Parameters.Length == 2 && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
               && SymbolFacts.InheritsFrom(method.Parameters[1].Type, symbols.EventArgs);
    }
}
