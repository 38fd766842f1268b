// A module that calls process.exit while it loads: bad input, one line.
process.exit(3);
