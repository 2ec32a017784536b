# Example engagements and their data.
EXTRA_DIST += conf/example.ini conf/simulated_funnel.ini conf/example
