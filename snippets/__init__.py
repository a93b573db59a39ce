"""Evidence code for the site: plain, importable Python (torch, numpy, matplotlib). No MkDocs imports."""
