def offset():
    return 0.0
