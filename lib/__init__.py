"""Pure helpers with no Django: address parsing, Chinese numerals, ID and phone checks."""
