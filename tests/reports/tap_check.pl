#!/usr/bin/perl
# tap_check.pl FILE - parse a TAP stream with Perl's own TAP::Parser (what
# prove uses) and print one line: version, plan, counts, parse errors.
# Exit 1 when the file cannot be read.
use strict;
use warnings;
use TAP::Parser;

my $file = shift or die "usage: tap_check.pl FILE\n";
open(my $fh, '<', $file) or die "$file: $!\n";
my $tap = do { local $/; <$fh> };
close($fh);
my $p = TAP::Parser->new({ tap => $tap });
while (defined(my $r = $p->next)) { }
my @err = $p->parse_errors;
print STDERR "parse error: $_\n" for @err;
printf "version=%d planned=%d run=%d passed=%d failed=%d parse_errors=%d\n",
  $p->version, $p->tests_planned // -1, $p->tests_run, scalar($p->passed),
  scalar($p->failed), scalar(@err);
